namespace FaceAspire.TestSupport;

/// <summary>
/// Polls an HTTP health endpoint until it answers 2xx, the way Aspire's <c>WaitFor</c> waits on a
/// resource's health checks before starting its dependants.
/// </summary>
public static class HealthProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Waits until <paramref name="url"/> answers 2xx.</summary>
    /// <param name="url">The health endpoint.</param>
    /// <param name="timeout">How long to keep trying.</param>
    /// <param name="giveUp">Completes when waiting is pointless (the process exited); its result is the reason.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="TimeoutException">Not healthy within <paramref name="timeout"/>, with the last answer seen.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="giveUp"/> completed first.</exception>
    public static async Task WaitUntilHealthyAsync(Uri url, TimeSpan timeout, Task<string> giveUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(giveUp);
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(100);
        var lastAnswer = "no answer";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (giveUp.IsCompleted)
            {
                throw new InvalidOperationException(await giveUp.ConfigureAwait(false));
            }

            try
            {
                using var response = await Client.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    // A 2xx from a process that has already exited came from whoever took its port since.
                    if (giveUp.IsCompleted)
                    {
                        throw new InvalidOperationException(await giveUp.ConfigureAwait(false));
                    }

                    return;
                }

                lastAnswer = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException ex)
            {
                lastAnswer = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastAnswer = "no answer within 5 s";
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{url} was not healthy after {timeout.TotalSeconds:0} s (last answer: {lastAnswer}).");
            }

            await Task.WhenAny(Task.Delay(delay, cancellationToken), giveUp).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
