import { apiFetch, getJson, postJson } from './http'

/** An access key as listed: never its secret. */
export interface AccessKey {
  accessKeyId: string
  createdAt: string
  lastUsedAt: string | null
}

/** A new key: the only answer that carries the secret. */
export interface CreatedAccessKey {
  accessKeyId: string
  secretAccessKey: string
  createdAt: string
}

/** `/api/access-keys`: keys for AWS tools (the Rekognition-compatible API at the app's base URL). */
export const accessKeysApi = {
  list: () => getJson<AccessKey[]>('/api/access-keys'),
  create: async () => (await postJson<CreatedAccessKey>('/api/access-keys'))!,
  remove: async (accessKeyId: string) => {
    await apiFetch(`/api/access-keys/${encodeURIComponent(accessKeyId)}`, { method: 'DELETE' })
  },
}
