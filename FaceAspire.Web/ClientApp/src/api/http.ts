import { errorFromResponse } from './problem'
import { session } from './session'

export interface RequestOptions {
  /** Send the bearer token and refresh it once on 401 (default true). */
  auth?: boolean
  /** Aborts the request. */
  signal?: AbortSignal
}

function withBearer(init: RequestInit, token: string | null): RequestInit {
  const headers = new Headers(init.headers)
  if (token) headers.set('Authorization', `Bearer ${token}`)
  return { ...init, headers }
}

/**
 * fetch against the API. A 401 on an authenticated call triggers one refresh through the cookie and one
 * retry, so an expired access token never surfaces to the user; a refused refresh ends the session.
 * Non-2xx answers throw an {@link ApiError} built from the problem details.
 */
export async function apiFetch(path: string, init: RequestInit = {}, options: RequestOptions = {}): Promise<Response> {
  const auth = options.auth ?? true
  const current = auth ? session() : null
  let response = await fetch(path, withBearer(init, current?.accessToken() ?? null))
  if (response.status === 401 && current) {
    if (await current.refresh()) {
      response = await fetch(path, withBearer(init, current.accessToken()))
    } else {
      current.ended()
    }
  }
  if (!response.ok) throw await errorFromResponse(response)
  return response
}

export async function getJson<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await apiFetch(path, { headers: { Accept: 'application/json' }, signal: options?.signal }, options)
  return (await response.json()) as T
}

export async function postJson<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T | null> {
  const response = await apiFetch(
    path,
    {
      method: 'POST',
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    options,
  )
  if (response.status === 204) return null
  const text = await response.text()
  return text ? (JSON.parse(text) as T) : null
}
