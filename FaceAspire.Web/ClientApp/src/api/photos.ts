import { apiFetch, getJson } from './http'

export interface Photo {
  id: string
  fileName: string
  contentType: string
  width: number
  height: number
  sizeBytes: number
  createdAt: string
  analysisStatus: AnalysisStatus
  /** Faces found; null until the analysis succeeded. */
  faceCount: number | null
}

export type AnalysisStatus = 'pending' | 'running' | 'succeeded' | 'failed'

/** Gallery filters the API understands (`filter` query parameter). */
export type PhotoFilter = 'smiling' | 'eyesClosed' | 'noFace' | 'failed'

export interface Page<T> {
  items: T[]
  page: number
  pageSize: number
  totalCount: number
}

export type ImageVariant = 'display' | 'thumbnail'

export const photosApi = {
  list: (page: number, pageSize: number, filter?: PhotoFilter, personId?: string) =>
    getJson<Page<Photo>>(
      `/api/photos?page=${page}&pageSize=${pageSize}${filter ? `&filter=${filter}` : ''}${personId ? `&personId=${encodeURIComponent(personId)}` : ''}`,
    ),
  get: (id: string) => getJson<Photo>(`/api/photos/${encodeURIComponent(id)}`),
  remove: async (id: string) => {
    await apiFetch(`/api/photos/${encodeURIComponent(id)}`, { method: 'DELETE' })
  },
  /** The image bytes; the endpoint needs the bearer token, so an <img src> cannot load it directly. */
  content: async (id: string, variant: ImageVariant, signal?: AbortSignal) => {
    const query = variant === 'thumbnail' ? '?variant=thumbnail' : ''
    const response = await apiFetch(`/api/photos/${encodeURIComponent(id)}/content${query}`, { signal })
    return response.blob()
  },
}
