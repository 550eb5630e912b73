/** RFC 9110 problem details as the API sends them (validation problems add `errors`). */
export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: Record<string, string[]>
}

/** A failed API call, carrying the server's problem details when it sent any. */
export class ApiError extends Error {
  readonly status: number
  readonly problem: ProblemDetails

  constructor(status: number, problem: ProblemDetails) {
    super(describeProblem(status, problem))
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }

  /** Field messages of a validation problem, keyed by field name in lower camel case. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {}
    for (const [field, messages] of Object.entries(this.problem.errors ?? {})) {
      const key = field.charAt(0).toLowerCase() + field.slice(1)
      result[key] = messages.join(' ')
    }
    return result
  }
}

const fallbackTitles: Record<number, string> = {
  0: 'The server could not be reached.',
  401: 'You are not signed in.',
  403: 'You may not do that.',
  404: 'Not found.',
  413: 'The file is too large.',
  415: 'This kind of file is not supported.',
  429: 'Too many attempts. Try again later.',
  503: 'The service is unavailable. Try again shortly.',
}

/** One human sentence for a problem: the detail when the server gave one, else its title. */
export function describeProblem(status: number, problem: ProblemDetails): string {
  const fieldMessages = Object.values(problem.errors ?? {}).flat()
  if (problem.detail) return problem.detail
  if (fieldMessages.length > 0) return fieldMessages.join(' ')
  return problem.title ?? fallbackTitles[status] ?? `The request failed (HTTP ${status}).`
}

/** Reads a problem body if the response has one; anything else becomes an empty problem. */
export function parseProblem(body: string, contentType: string | null): ProblemDetails {
  if (!body || !contentType?.includes('json')) return {}
  try {
    const parsed: unknown = JSON.parse(body)
    return typeof parsed === 'object' && parsed !== null ? (parsed as ProblemDetails) : {}
  } catch {
    return {}
  }
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  const body = await response.text()
  return new ApiError(response.status, parseProblem(body, response.headers.get('content-type')))
}
