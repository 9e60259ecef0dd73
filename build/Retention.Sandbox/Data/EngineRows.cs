namespace Retention.Sandbox.Data;

// The engine's own tables in the sandbox: what the plugin keeps in its FluentMigrator tables under nopCommerce.
// Each side effect row carries its idempotency key under a unique index; that index, not the code, is what makes
// a replay or a race harmless.

/// <summary>
/// A discount of the simulated store, as nopCommerce keeps one for each coupon the plugin issues (Core's <c>CouponRow</c>
/// records the coupon and points here): what it takes off one order, with which code, until when.
/// </summary>
public sealed class SandboxDiscountRow
{
    public int Id { get; set; }
    public string CouponCode { get; set; } = "";
    public int StoreId { get; set; }
    /// <summary><see cref="Retention.Core.Coupons.CouponKind"/> as its number.</summary>
    public int KindId { get; set; }
    public decimal Value { get; set; }
    public string Name { get; set; } = "";
    public DateTime EndDateUtc { get; set; }
    /// <summary>False once withdrawn (its coupon lost a race to another writer of the same key): no checkout takes it.</summary>
    public bool IsActive { get; set; }
    /// <summary>The free product of a <see cref="Retention.Core.Coupons.CouponKind.FreeProduct"/> coupon (a stamp card's); 0 otherwise.</summary>
    public int ProductId { get; set; }
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
