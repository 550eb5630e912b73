import { ref } from 'vue'
import { ApiError } from '@/api/problem'

/** Splits a failed submit into per-field messages (validation problems) and one form-level message. */
export function useFormErrors() {
  const fields = ref<Record<string, string>>({})
  const message = ref('')

  function reset() {
    fields.value = {}
    message.value = ''
  }

  function show(error: unknown) {
    if (error instanceof ApiError) {
      fields.value = error.fieldErrors()
      message.value = Object.keys(fields.value).length > 0 ? (error.problem.title ?? '') : error.message
    } else {
      message.value = 'Something went wrong. Try again.'
    }
  }

  return { fields, message, reset, show }
}
