import { onBeforeUnmount, reactive } from 'vue'
import { ApiError } from '@/api/problem'
import { uploadPhoto, type UploadHandle } from '@/api/upload'

export type UploadState = 'waiting' | 'uploading' | 'done' | 'failed'

export interface UploadItem {
  key: number
  name: string
  size: number
  progress: number
  state: UploadState
  message: string
  photoId: string | null
}

/** Few enough parallel requests that a phone on a slow link still sees steady progress on each. */
const parallelUploads = 3

/** Files queued for upload, each sent as its own request with its own progress and outcome. */
export function useUploadQueue() {
  const items = reactive<UploadItem[]>([])
  const files = new Map<number, File>()
  const running = new Map<number, UploadHandle>()
  let nextKey = 1

  function add(selected: Iterable<File>) {
    for (const file of selected) {
      const key = nextKey++
      files.set(key, file)
      items.push({ key, name: file.name, size: file.size, progress: 0, state: 'waiting', message: '', photoId: null })
    }
    pump()
  }

  function pump() {
    for (const item of items) {
      if (running.size >= parallelUploads) return
      if (item.state === 'waiting') start(item)
    }
  }

  function start(item: UploadItem) {
    const file = files.get(item.key)
    if (!file) return
    item.state = 'uploading'
    const handle = uploadPhoto(file, (fraction) => {
      item.progress = fraction
    })
    running.set(item.key, handle)
    handle.done
      .then((photo) => {
        item.state = 'done'
        item.photoId = photo.id
        item.message = 'Uploaded'
      })
      .catch((error: unknown) => {
        item.state = 'failed'
        item.message = error instanceof ApiError ? error.message : 'The upload failed.'
      })
      .finally(() => {
        running.delete(item.key)
        files.delete(item.key)
        pump()
      })
  }

  function clearFinished() {
    for (let i = items.length - 1; i >= 0; i--) {
      const state = items[i]?.state
      if (state === 'done' || state === 'failed') items.splice(i, 1)
    }
  }

  onBeforeUnmount(() => running.forEach((handle) => handle.abort()))

  return { items, add, clearFinished }
}
