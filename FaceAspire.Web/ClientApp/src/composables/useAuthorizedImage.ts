import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { photosApi, type ImageVariant } from '@/api/photos'

/**
 * An object URL for an image the API serves only with the bearer token, which an <img src> cannot send: the
 * bytes are fetched with it and shown through a blob URL that is revoked when no longer shown.
 */
export function useBlobImage(key: Ref<string>, fetchBlob: (key: string, signal: AbortSignal) => Promise<Blob>) {
  const url = ref<string | null>(null)
  const failed = ref(false)
  let controller: AbortController | null = null

  function release() {
    controller?.abort()
    controller = null
    if (url.value) URL.revokeObjectURL(url.value)
    url.value = null
  }

  async function load(value: string) {
    release()
    failed.value = false
    const current = new AbortController()
    controller = current
    try {
      const blob = await fetchBlob(value, current.signal)
      if (!current.signal.aborted) url.value = URL.createObjectURL(blob)
    } catch {
      if (!current.signal.aborted) failed.value = true
    }
  }

  watch(key, (value) => void load(value), { immediate: true })
  onBeforeUnmount(release)

  return { url, failed }
}

/** A photo's display image or thumbnail through {@link useBlobImage}. */
export function useAuthorizedImage(id: Ref<string>, variant: ImageVariant) {
  return useBlobImage(id, (photoId, signal) => photosApi.content(photoId, variant, signal))
}
