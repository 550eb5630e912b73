import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { photosApi, type ImageVariant } from '@/api/photos'

/**
 * An object URL for a photo's image. The image endpoints need the bearer token, which an <img src> cannot
 * send, so the bytes are fetched with it and shown through a blob URL that is revoked when no longer shown.
 */
export function useAuthorizedImage(id: Ref<string>, variant: ImageVariant) {
  const url = ref<string | null>(null)
  const failed = ref(false)
  let controller: AbortController | null = null

  function release() {
    controller?.abort()
    controller = null
    if (url.value) URL.revokeObjectURL(url.value)
    url.value = null
  }

  async function load(photoId: string) {
    release()
    failed.value = false
    const current = new AbortController()
    controller = current
    try {
      const blob = await photosApi.content(photoId, variant, current.signal)
      if (!current.signal.aborted) url.value = URL.createObjectURL(blob)
    } catch {
      if (!current.signal.aborted) failed.value = true
    }
  }

  watch(id, (photoId) => void load(photoId), { immediate: true })
  onBeforeUnmount(release)

  return { url, failed }
}
