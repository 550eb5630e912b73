import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for signed-in users; others go to sign-in and come back afterwards. */
    requiresAuth?: boolean
    /** Only for signed-out users (sign-in, register); signed-in users go to the gallery. */
    guestOnly?: boolean
    /** Only for administrators (role from /api/me); anyone else gets the not-found page. */
    requiresAdmin?: boolean
    title?: string
  }
}

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', redirect: { name: 'gallery' } },
    { path: '/signin', name: 'signin', component: () => import('@/views/SignInView.vue'), meta: { guestOnly: true, title: 'Sign in' } },
    { path: '/register', name: 'register', component: () => import('@/views/RegisterView.vue'), meta: { guestOnly: true, title: 'Create an account' } },
    { path: '/photos', name: 'gallery', component: () => import('@/views/GalleryView.vue'), meta: { requiresAuth: true, title: 'Photos' } },
    { path: '/upload', name: 'upload', component: () => import('@/views/UploadView.vue'), meta: { requiresAuth: true, title: 'Upload' } },
    { path: '/photos/:id', name: 'photo', component: () => import('@/views/PhotoView.vue'), props: true, meta: { requiresAuth: true, title: 'Photo' } },
    { path: '/compare', name: 'compare', component: () => import('@/views/CompareView.vue'), meta: { requiresAuth: true, title: 'Compare faces' } },
    { path: '/people', name: 'people', component: () => import('@/views/PeopleView.vue'), meta: { requiresAuth: true, title: 'People' } },
    { path: '/people/:id', name: 'person', component: () => import('@/views/PersonView.vue'), props: true, meta: { requiresAuth: true, title: 'Person' } },
    { path: '/account', name: 'account', component: () => import('@/views/AccountView.vue'), meta: { requiresAuth: true, title: 'Account' } },
    { path: '/admin/reviews', name: 'admin-reviews', component: () => import('@/views/AdminReviewsView.vue'), meta: { requiresAuth: true, requiresAdmin: true, title: 'Review queue' } },
    { path: '/admin/reviews/:id', name: 'admin-review', component: () => import('@/views/AdminReviewView.vue'), props: true, meta: { requiresAuth: true, requiresAdmin: true, title: 'Review' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'Not found' } },
  ],
})

function safeRedirect(to: RouteLocationNormalized): string {
  const target = to.query.redirect
  // Only same-app paths: an absolute or protocol-relative URL here would be an open redirect.
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/photos'
}

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  await auth.restore()
  if (to.meta.requiresAuth && !auth.isSignedIn) {
    return { name: 'signin', query: { redirect: to.fullPath } }
  }
  if (to.meta.requiresAdmin && !auth.isAdmin) {
    // The same page as for a URL that does not exist: a non-admin learns nothing about the admin area.
    return { name: 'not-found', params: { pathMatch: to.path.split('/').slice(1) }, query: to.query, hash: to.hash }
  }
  if (to.meta.guestOnly && auth.isSignedIn) {
    return safeRedirect(to)
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · FaceAspire` : 'FaceAspire'
})

export { safeRedirect }
export default router
