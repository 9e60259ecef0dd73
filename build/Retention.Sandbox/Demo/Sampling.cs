namespace Retention.Sandbox.Demo;

/// <summary>The few distributions the demo store needs, drawn from one seeded <see cref="Random"/>.</summary>
internal sealed class Sampling(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public int Int(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var u = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0)
                return i;
        }
        return weights.Count - 1;
    }

    public double Normal()
    {
        // Box–Muller; 1 - u keeps the logarithm finite.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double LogNormal(double mu, double sigma) => Math.Exp(mu + sigma * Normal());

    public double Exponential(double rate) => -Math.Log(1.0 - _random.NextDouble()) / rate;

    /// <summary>Gamma(shape, scale) by Marsaglia and Tsang (2000), with the usual boost for shape below 1.</summary>
    public double Gamma(double shape, double scale)
    {
        if (shape < 1.0)
            return Gamma(shape + 1.0, scale) * Math.Pow(1.0 - _random.NextDouble(), 1.0 / shape);
        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = 1.0 - _random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v * scale;
        }
    }

    public double Beta(double a, double b)
    {
        var x = Gamma(a, 1.0);
        var y = Gamma(b, 1.0);
        return x / (x + y);
    }

    public Guid Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
