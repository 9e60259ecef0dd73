using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Retention.Sandbox.Tests.Infrastructure;

public static class NullLog
{
    public static ILogger Instance => NullLogger.Instance;
}
