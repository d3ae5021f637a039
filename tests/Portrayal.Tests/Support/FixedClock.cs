namespace Portrayal.Tests.Support;

/// <summary>A clock that always says the same time, so a run's manifest is reproducible.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
