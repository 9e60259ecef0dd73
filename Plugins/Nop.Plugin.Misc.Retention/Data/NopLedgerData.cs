using Nop.Plugin.Misc.Retention.Services;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>The ledger table as Core's read model: a projection, so Core's aggregate queries become SQL.</summary>
public class NopLedgerData : ILedgerData
{
    private readonly IRepository<RetentionLedgerEntry> _entries;

    public NopLedgerData(IRepository<RetentionLedgerEntry> entries)
    {
        _entries = entries;
    }

    public IQueryable<LedgerEntryFact> Entries => _entries.Table.Select(e => new LedgerEntryFact
    {
        StoreId = e.StoreId,
        CustomerId = e.CustomerId,
        Points = e.Points,
        ReasonId = e.ReasonId,
        CreatedUtc = e.CreatedOnUtc,
        ActivatesUtc = e.ActivatesOnUtc,
        ExpiresUtc = e.ExpiresOnUtc,
    });
}
