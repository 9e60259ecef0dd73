namespace Retention.Testing.Contracts;

/// <summary>
/// Base of every port contract suite: a fresh port before each test, released after. Each host's test project
/// derives one fixture per implementation and answers <see cref="CreateAsync"/>.
/// </summary>
public abstract class PortContract<TPort> where TPort : class
{
    protected TPort Port { get; private set; } = null!;

    /// <summary>A new, empty implementation of the port.</summary>
    protected abstract Task<TPort> CreateAsync();

    /// <summary>Releases what <see cref="CreateAsync"/> made (connections, temp databases).</summary>
    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [SetUp]
    public async Task CreatePortAsync() => Port = await CreateAsync();

    [TearDown]
    public Task ReleasePortAsync() => ReleaseAsync();
}
