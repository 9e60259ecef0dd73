using Retention.Core.Common;
using Retention.Core.Configuration;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IOptionsStore"/> must do.</summary>
public abstract class OptionsStoreContract : PortContract<IOptionsStore>
{
    [Test]
    public async Task Fresh_store_gets_the_safe_defaults()
    {
        var options = await Port.LoadAsync(new StoreId(1));

        Assert.That(options, Is.EqualTo(new RetentionOptions()));
    }

    [Test]
    public async Task Saved_options_are_loaded_back_for_that_store_only()
    {
        var custom = new RetentionOptions { AbandonedCartDelayMinutes = 90, QuietHoursStart = 22, MarketingEmailsPerWeek = 1 };

        var result = await Port.SaveAsync(new StoreId(2), custom);

        Assert.That(result.IsValid, Is.True);
        Assert.That(await Port.LoadAsync(new StoreId(2)), Is.EqualTo(custom));
        Assert.That(await Port.LoadAsync(new StoreId(3)), Is.EqualTo(new RetentionOptions()));
    }

    [Test]
    public async Task All_stores_values_apply_to_a_store_without_its_own()
    {
        var shared = new RetentionOptions { ActiveWindowDays = 180 };

        await Port.SaveAsync(new StoreId(0), shared);

        Assert.That(await Port.LoadAsync(new StoreId(5)), Is.EqualTo(shared));
    }

    [Test]
    public async Task Invalid_options_are_rejected_with_field_errors_and_nothing_is_saved()
    {
        var bad = new RetentionOptions { MarketingEmailsPerWeek = 51, QuietHoursEnd = -1 };

        var result = await Port.SaveAsync(new StoreId(1), bad);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Field),
            Is.EquivalentTo(new[] { nameof(RetentionOptions.MarketingEmailsPerWeek), nameof(RetentionOptions.QuietHoursEnd) }));
        Assert.That(await Port.LoadAsync(new StoreId(1)), Is.EqualTo(new RetentionOptions()));
    }
}
