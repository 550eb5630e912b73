import { apiFetch, postJson, getJson } from './http'

export interface AccessToken {
  accessToken: string
  /** Seconds until the token expires. */
  expiresIn: number
}

export interface CurrentUser {
  id: string
  email: string
  roles: string[]
  createdAt: string
}

/** Register's answer (202), the same whether or not the address already had an account. */
export interface RegistrationAccepted {
  message: string
}

export interface Credentials {
  email: string
  password: string
}

const anonymous = { auth: false }

export const authApi = {
  register: (credentials: Credentials) => postJson<RegistrationAccepted>('/api/auth/register', credentials, anonymous),
  login: (credentials: Credentials) => postJson<AccessToken>('/api/auth/login', credentials, anonymous),
  refresh: () => postJson<AccessToken>('/api/auth/refresh', undefined, anonymous),
  logout: () => postJson<null>('/api/auth/logout', undefined, anonymous),
  logoutAll: () => postJson<null>('/api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    postJson<null>('/api/auth/change-password', { currentPassword, newPassword }),
  me: () => getJson<CurrentUser>('/api/me'),
  /** Deletes the account and everything in it; the password proves it is the owner. */
  deleteAccount: async (password: string) => {
    await apiFetch('/api/me', {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password }),
    })
  },
  /** A zip of the user's photos and analysis results; fetched with the bearer token. */
  exportData: async () => (await apiFetch('/api/me/export')).blob(),
}
