import { apiFetch, getJson, postJson } from './http'
import type { AnalysisStatus } from './photos'

/** A Rekognition-style value with its confidence (0-100). */
export interface Scored<T> {
  Value: T
  Confidence: number
}

/** Rekognition's FaceDetail, PascalCase as the API stores it; geometry is in fractions of the photo. */
export interface FaceDetail {
  BoundingBox: { Width: number; Height: number; Left: number; Top: number }
  Confidence: number
  Landmarks?: { Type: string; X: number; Y: number }[]
  Pose?: { Roll: number; Yaw: number; Pitch: number }
  Quality?: { Brightness: number; Sharpness: number }
  Emotions?: { Type: string; Confidence: number }[]
  Smile?: Scored<boolean>
  EyesOpen?: Scored<boolean>
  MouthOpen?: Scored<boolean>
  Eyeglasses?: Scored<boolean>
  Sunglasses?: Scored<boolean>
  Beard?: Scored<boolean>
  Mustache?: Scored<boolean>
  AgeRange?: { Low: number; High: number }
  Gender?: Scored<string>
}

export interface AnalyzedFace {
  id: string
  detail: FaceDetail
}

export interface Analysis {
  photoId: string
  status: AnalysisStatus
  attempts: number
  /** Why it failed, meant for the user; null unless failed. */
  error: string | null
  engineVersion: string | null
  requestedAt: string
  completedAt: string | null
  faces: AnalyzedFace[]
}

const base = (photoId: string) => `/api/photos/${encodeURIComponent(photoId)}/analysis`

export const analysisApi = {
  /**
   * The analysis; with `waitSeconds` (1-20) a pending or running one is answered when it ends, or after that long
   * with its state then. `signal` aborts the wait.
   */
  get: (photoId: string, waitSeconds = 0, signal?: AbortSignal) =>
    getJson<Analysis>(waitSeconds > 0 ? `${base(photoId)}?wait=${waitSeconds}` : base(photoId), { signal }),
  /** Queues a new analysis; the answer is the pending analysis. */
  request: (photoId: string) => postJson<Analysis>(base(photoId)),
  /** The stored result object; fetched with the bearer token, so a plain link cannot download it. */
  result: async (photoId: string) => (await apiFetch(`${base(photoId)}/result.json`)).blob(),
}

/** Offers a blob as a file download without navigating away. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
