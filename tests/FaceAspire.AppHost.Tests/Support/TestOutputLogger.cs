using Microsoft.Extensions.Logging;

namespace FaceAspire.AppHost.Tests.Support;

/// <summary>
/// Writes the resources' console output (Aspire forwards it to loggers named <c>…Resources.{resource}</c>) and the
/// AppHost's warnings to the test's output, so a failed start shows why.
/// </summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper? output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper? output, string category) : ILogger
    {
        private readonly string _source = category.Contains(".Resources.", StringComparison.Ordinal)
            ? category[(category.LastIndexOf('.') + 1)..]
            : category;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            output is not null
            && (category.Contains(".Resources.", StringComparison.Ordinal)
                // Health checks fail while a resource starts; the resource's own output says why it does not come up.
                || (logLevel >= LogLevel.Warning && !category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal)));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                output!.WriteLine($"[{_source}] {formatter(state, exception)}{(exception is null ? string.Empty : $" {exception}")}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }
}
