import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi, type AccessToken, type Credentials, type CurrentUser } from '@/api/auth'
import { ApiError } from '@/api/problem'
import { attachSession } from '@/api/session'

/**
 * Who is signed in. The access token lives only in memory (never in storage a script could read later);
 * the HttpOnly refresh cookie restores it after a reload through POST /api/auth/refresh.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const user = ref<CurrentUser | null>(null)
  const restored = ref(false)
  /** Set when a session ended under the user (refresh refused), so the sign-in page can say why. */
  const sessionEnded = ref(false)
  let refreshing: Promise<boolean> | null = null

  const isSignedIn = computed(() => accessToken.value !== null)
  /** From /api/me's roles; the API enforces the role on every admin call, this only shapes the UI. */
  const isAdmin = computed(() => isSignedIn.value && (user.value?.roles ?? []).includes('admin'))

  function accept(token: AccessToken | null) {
    accessToken.value = token?.accessToken ?? null
  }

  function clear() {
    accessToken.value = null
    user.value = null
  }

  /** One refresh at a time: concurrent 401s share the same cookie exchange (the cookie rotates on use). */
  function refresh(): Promise<boolean> {
    refreshing ??= authApi
      .refresh()
      .then((token) => {
        accept(token)
        return token !== null
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          clear()
          return false
        }
        throw error
      })
      .finally(() => {
        refreshing = null
      })
    return refreshing
  }

  async function loadUser() {
    user.value = await authApi.me()
  }

  /** Restores the session from the refresh cookie once, at app start. */
  async function restore() {
    if (restored.value) return
    try {
      if (await refresh()) await loadUser()
    } catch {
      clear()
    } finally {
      restored.value = true
    }
  }

  async function signIn(credentials: Credentials) {
    accept(await authApi.login(credentials))
    sessionEnded.value = false
    await loadUser()
  }

  async function register(credentials: Credentials) {
    await authApi.register(credentials)
  }

  async function signOut() {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  async function signOutEverywhere() {
    try {
      await authApi.logoutAll()
    } finally {
      clear()
    }
  }

  async function changePassword(currentPassword: string, newPassword: string) {
    await authApi.changePassword(currentPassword, newPassword)
  }

  async function deleteAccount(password: string) {
    await authApi.deleteAccount(password)
    clear()
  }

  attachSession({
    accessToken: () => accessToken.value,
    refresh,
    ended: () => {
      clear()
      sessionEnded.value = true
    },
  })

  return {
    accessToken,
    user,
    restored,
    sessionEnded,
    isSignedIn,
    isAdmin,
    restore,
    refresh,
    signIn,
    register,
    signOut,
    signOutEverywhere,
    changePassword,
    deleteAccount,
  }
})
