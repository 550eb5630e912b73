import { apiFetch, getJson, postJson } from './http'

/** Rekognition's BoundingBox: shares of the photo's width and height. */
export interface RekognitionBox {
  Width: number
  Height: number
  Left: number
  Top: number
}

export interface ComparedFace {
  BoundingBox: RekognitionBox
  Confidence: number
  FaceId: string
}

/** `POST /api/compare`, Rekognition CompareFaces' shape. */
export interface CompareResult {
  SourceImageFace: ComparedFace
  FaceMatches: { Similarity: number; Face: ComparedFace }[]
  UnmatchedFaces: ComparedFace[]
}

export interface FaceMatch {
  Similarity: number
  Face: { FaceId: string; PhotoId: string; BoundingBox: RekognitionBox; Confidence: number }
}

export interface SearchResult {
  SearchedFaceId: string
  FaceMatches: FaceMatch[]
}

/** A box drawn over a compared photo (shares of the photo), its colour and label. */
export interface CompareBox {
  id: string
  left: number
  top: number
  width: number
  height: number
  colour: string
  label: string
  dashed: boolean
}

export interface FaceBox {
  width: number
  height: number
  left: number
  top: number
}

export interface PersonFace {
  faceId: string
  photoId: string
  boundingBox: FaceBox
  personId: string | null
  movedByHand: boolean
}

export interface Person {
  id: string
  name: string | null
  faceCount: number
  photoCount: number
  coverFace: PersonFace | null
}

export const facesApi = {
  compare: (sourcePhotoId: string, targetPhotoId: string, sourceFaceId?: string, similarityThreshold?: number) =>
    postJson<CompareResult>('/api/compare', { sourcePhotoId, targetPhotoId, sourceFaceId, similarityThreshold }),
  search: (faceId: string, threshold?: number, maxResults?: number) =>
    postJson<SearchResult>(`/api/faces/${encodeURIComponent(faceId)}/search`, { threshold, maxResults }),
  people: () => getJson<Person[]>('/api/people'),
  person: (id: string) => getJson<{ person: Person; faces: PersonFace[] }>(`/api/people/${encodeURIComponent(id)}/faces`),
  rename: async (id: string, name: string | null) => {
    const response = await apiFetch(`/api/people/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    })
    return (await response.json()) as Person
  },
  merge: (id: string, otherPersonId: string) => postJson<Person>(`/api/people/${encodeURIComponent(id)}/merge`, { otherPersonId }),
  moveFace: (faceId: string, personId: string | null) => postJson<PersonFace>(`/api/faces/${encodeURIComponent(faceId)}/person`, { personId }),
  settings: () => getJson<{ enabled: boolean }>('/api/faces/settings'),
  setEnabled: async (enabled: boolean) => {
    const response = await apiFetch('/api/faces/settings', {
      method: 'PUT',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled }),
    })
    return (await response.json()) as { enabled: boolean }
  },
  /** A square crop of the face; fetched with the bearer token, so an <img src> cannot load it directly. */
  image: async (faceId: string, signal?: AbortSignal) =>
    (await apiFetch(`/api/faces/${encodeURIComponent(faceId)}/image`, { signal })).blob(),
}

/** A person's label: their name, or a stand-in that still tells unnamed people apart. */
export function personLabel(person: Person, index: number) {
  return person.name ?? `Unnamed person ${index + 1}`
}
