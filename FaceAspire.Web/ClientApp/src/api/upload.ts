import { ApiError, parseProblem } from './problem'
import { session } from './session'
import type { Photo } from './photos'

export interface UploadHandle {
  /** Resolves with the stored photo, or rejects with an {@link ApiError}. */
  done: Promise<Photo>
  abort(): void
}

/**
 * Uploads one file as its own request. XMLHttpRequest rather than fetch because only XHR reports upload
 * progress; one request per file gives each file its own progress bar and its own error.
 */
export function uploadPhoto(file: File, onProgress: (fraction: number) => void): UploadHandle {
  let xhr: XMLHttpRequest | null = null
  let aborted = false

  const send = () =>
    new Promise<{ status: number; body: string; contentType: string | null }>((resolve, reject) => {
      xhr = new XMLHttpRequest()
      xhr.open('POST', '/api/photos')
      xhr.setRequestHeader('Accept', 'application/json')
      const token = session()?.accessToken()
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total)
      }
      xhr.onload = () => {
        const request = xhr as XMLHttpRequest
        resolve({ status: request.status, body: request.responseText, contentType: request.getResponseHeader('Content-Type') })
      }
      xhr.onerror = () => reject(new ApiError(0, { title: 'The upload did not reach the server.' }))
      xhr.onabort = () => reject(new ApiError(0, { title: 'The upload was cancelled.' }))
      const form = new FormData()
      form.append('file', file, file.name)
      xhr.send(form)
    })

  const done = (async () => {
    let result = await send()
    const current = session()
    if (result.status === 401 && current && !aborted) {
      if (!(await current.refresh())) {
        current.ended()
      } else {
        onProgress(0)
        result = await send()
      }
    }
    if (result.status < 200 || result.status >= 300) {
      throw new ApiError(result.status, parseProblem(result.body, result.contentType))
    }
    const photos = JSON.parse(result.body) as Photo[]
    const photo = photos[0]
    if (!photo) throw new ApiError(result.status, { title: 'The server stored no photo.' })
    onProgress(1)
    return photo
  })()

  return {
    done,
    abort: () => {
      aborted = true
      ;(xhr as XMLHttpRequest | null)?.abort()
    },
  }
}
