using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>
/// Draws customers from the BG/NBD and Gamma-Gamma generative stories with known parameters and a fixed seed, so a
/// fit can be checked to recover them. Time is in days; the first purchase falls uniformly in the two years before the
/// end of calibration; purchases on one day merge.
/// </summary>
internal sealed class SimulatedCustomers
{
    private readonly Random _random;

    public SimulatedCustomers(int seed) => _random = new Random(seed);

    public IReadOnlyList<CustomerSummary> Draw(int count, double r, double alpha, double a, double b, double p, double q, double v)
    {
        var customers = new CustomerSummary[count];
        for (var i = 0; i < count; i++)
        {
            double age = 1 + _random.Next(730);
            var lambda = Gamma(r, 1 / alpha);
            var dropout = Beta(a, b);
            var nu = Gamma(q, 1 / v);
            double t = 0, last = 0, spend = 0;
            var x = 0;
            while (true)
            {
                t += -Math.Log(1 - _random.NextDouble()) / lambda;
                if (t > age)
                    break;
                var day = Math.Floor(t);
                if (day <= last && x > 0 || day == 0)
                    continue; // same day as the previous purchase: one purchase
                x++;
                last = day;
                spend += Gamma(p, 1 / nu);
                if (_random.NextDouble() < dropout)
                    break;
            }
            customers[i] = new CustomerSummary(x, x == 0 ? 0 : last, age, x == 0 ? 0 : spend / x);
        }
        return customers;
    }

    /// <summary>Marsaglia &amp; Tsang (2000), with the shape &lt; 1 boost.</summary>
    private double Gamma(double shape, double scale)
    {
        if (shape < 1)
            return Gamma(shape + 1, scale) * Math.Pow(_random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
                v = 1 + c * z;
            }
            while (v <= 0);
            v = v * v * v;
            if (Math.Log(_random.NextDouble()) < 0.5 * z * z + d - d * v + d * Math.Log(v))
                return d * v * scale;
        }
    }

    private double Beta(double a, double b)
    {
        var x = Gamma(a, 1);
        return x / (x + Gamma(b, 1));
    }
}
