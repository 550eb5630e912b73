import { apiFetch, getJson, postJson } from './http'
import type { Page } from './photos'

export type ReviewStatus = 'open' | 'reviewed' | 'dismissed'

export interface ReviewItem {
  id: string
  photoId: string
  ownerEmail: string
  reason: string
  /** Best face confidence (0-100); null when no face was found. */
  bestConfidence: number | null
  faceCount: number
  createdAt: string
  status: ReviewStatus
}

export interface ReviewAudit {
  at: string
  actorEmail: string
  action: string
  comment: string | null
}

export interface ReviewDetail extends ReviewItem {
  audit: ReviewAudit[]
}

const base = '/api/admin/reviews'

/** The administrators' review queue (role admin). */
export const reviewsApi = {
  list: (status: ReviewStatus, page: number, pageSize: number) =>
    getJson<Page<ReviewItem>>(`${base}?status=${status}&page=${page}&pageSize=${pageSize}`),
  get: (id: string) => getJson<ReviewDetail>(`${base}/${encodeURIComponent(id)}`),
  photo: async (id: string, signal?: AbortSignal) =>
    (await apiFetch(`${base}/${encodeURIComponent(id)}/photo`, { signal })).blob(),
  decide: (id: string, decision: 'reviewed' | 'dismissed', comment: string) =>
    postJson<ReviewDetail>(`${base}/${encodeURIComponent(id)}/decision`, { decision, comment: comment || null }),
}
