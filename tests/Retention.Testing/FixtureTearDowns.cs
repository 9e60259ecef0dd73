using System.Reflection;

namespace Retention.Testing;

/// <summary>
/// Runs every fixture's one-time tear-down on a fixture whose set-up never ran. That is the state NUnit leaves when a
/// set-up is ignored at its first line (no PostgreSQL on a developer machine) or fails: the tear-down still runs, and
/// one that assumes its fields were set throws and turns an ignored fixture into failed tests.
/// </summary>
public static class FixtureTearDowns
{
    /// <summary>One line per fixture (and constructor arguments) whose tear-down threw; empty when all hold.</summary>
    public static async Task<IReadOnlyList<string>> FailuresWithoutSetUpAsync(Assembly tests)
    {
        var failures = new List<string>();
        // Set-up fixtures hold what the whole run shares; tearing one down here would end it for the tests still running.
        foreach (var type in tests.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                                                         && t.GetCustomAttribute<SetUpFixtureAttribute>() is null))
        {
            var tearDowns = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(m => (m.GetCustomAttribute<OneTimeTearDownAttribute>() is not null || m.GetCustomAttribute<TearDownAttribute>() is not null)
                            && m.GetParameters().Length == 0)
                .ToList();
            if (tearDowns.Count == 0)
                continue;
            foreach (var arguments in FixtureArguments(type))
            {
                var name = $"{type.Name}({string.Join(", ", arguments)})";
                object fixture;
                try
                {
                    fixture = Activator.CreateInstance(type, arguments)!;
                }
                catch (Exception e)
                {
                    failures.Add($"{name}: could not be constructed: {e.GetBaseException().Message}");
                    continue;
                }
                foreach (var tearDown in tearDowns)
                {
                    try
                    {
                        if (tearDown.Invoke(fixture, null) is Task task)
                            await task;
                    }
                    catch (Exception e)
                    {
                        var thrown = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                        failures.Add($"{name}.{tearDown.Name}: {thrown.GetType().Name}: {thrown.Message}");
                    }
                }
                if (fixture is IAsyncDisposable asyncDisposable)
                    await asyncDisposable.DisposeAsync();
                else if (fixture is IDisposable disposable)
                    disposable.Dispose();
            }
        }
        return failures;
    }

    private static IEnumerable<object?[]> FixtureArguments(Type type)
    {
        var fixtures = type.GetCustomAttributes<TestFixtureAttribute>(inherit: false).ToList();
        if (fixtures.Count == 0)
            return [[]];
        return fixtures.Select(f => f.Arguments);
    }
}
