namespace Retention.Sandbox.Data;

// The engine's own tables in the sandbox: what the plugin keeps in its FluentMigrator tables under nopCommerce.
// Each side effect row carries its idempotency key under a unique index; that index, not the code, is what makes
// a replay or a race harmless.

/// <summary>One line of the points ledger.</summary>
public sealed class LedgerEntryRow
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int Points { get; set; }
    public int ReasonId { get; set; }
    public int SourceId { get; set; }
    public string? SourceRef { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ActivatesUtc { get; set; }
    public DateTime? ExpiresUtc { get; set; }
    public string? Actor { get; set; }
    public string? Note { get; set; }
}

/// <summary>One issued single-use coupon.</summary>
public sealed class CouponRow
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Code { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int KindId { get; set; }
    public decimal Value { get; set; }
    public string Name { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
}

/// <summary>One store's options (store 0 holds the all-stores values), as JSON so new fields need no migration.</summary>
public sealed class OptionsRow
{
    public int StoreId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>A lock lease for SQLite, which has no advisory locks: held by <see cref="Holder"/> until it expires.</summary>
public sealed class LockLeaseRow
{
    public string Resource { get; set; } = "";
    public string Holder { get; set; } = "";
    /// <summary>UTC ticks, so the atomic take-over compares integers in SQL whatever the provider's date format.</summary>
    public long ExpiresTicks { get; set; }
}

/// <summary>A catalog product of the simulated store.</summary>
public sealed class ProductRow
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Category { get; set; } = "";
    public decimal Price { get; set; }
    public bool IsGiftCard { get; set; }
    /// <summary>Days one unit typically lasts, for replenishment reminders; 0 when it is not a consumable.</summary>
    public int ReplenishDays { get; set; }
}

/// <summary>Facts about the database itself: how and when it was filled.</summary>
public sealed class SandboxMetaRow
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}
