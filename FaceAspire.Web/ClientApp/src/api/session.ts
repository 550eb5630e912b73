/**
 * The seam between the HTTP helpers and whoever holds the access token (the auth store). It keeps the
 * helpers free of Pinia so they can be used before the store exists and tested on their own.
 */
export interface Session {
  /** The current access token, or null when signed out. */
  accessToken(): string | null
  /** Gets a new access token with the refresh cookie; false when the session has ended. */
  refresh(): Promise<boolean>
  /** Called when the session ended under a request (refresh refused). */
  ended(): void
}

let current: Session | null = null

export function attachSession(session: Session): void {
  current = session
}

export function session(): Session | null {
  return current
}
