using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Workflows;

/// <summary>What a registration did: the new customer, or the field errors (nothing written then).</summary>
public sealed record RegistrationResult(CustomerFact? Customer, ValidationResult Errors, CustomerId? Referrer)
{
    public bool Registered => Customer != null;
}

/// <summary>
/// The sandbox's registration, as nopCommerce's register page does it: a new customer with a unique email, the referrer
/// named by a signed invitation code recorded (a code that does not verify is refused, not ignored), newsletter consent when
/// ticked, then Core's door for the registration (bonus, then the welcome sequence) and the subscription.
/// </summary>
public sealed class SandboxRegistration(SandboxDatabase database, IClock clock, StoreEvents events, IReferralStore referrals)
{
    public const string InvitationField = "ref";
    public const int MaxNameLength = 100;
    private const int Attempts = 5;

    /// <summary>The inviting customer named by <paramref name="code"/>; null with no code; an error when it does not verify.</summary>
    public async Task<(CustomerId? Referrer, string? Error)> ReadInvitationAsync(StoreId store, string? code, ReadOnlyMemory<byte> secret,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(code))
            return (null, null);
        if (ReferralCodes.Read(store, code.Trim(), secret.Span) is not { } referrer)
            return (null, "This invitation link is not valid: it was changed or belongs to another store. You can still register without it.");
        await using var db = database.CreateContext();
        if (!await db.Customers.AnyAsync(c => c.Id == referrer.Value && !c.Deleted, cancellationToken))
            return (null, "The customer who sent this invitation no longer has an account. You can still register without it.");
        return (referrer, null);
    }

    public async Task<RegistrationResult> RegisterAsync(StoreId store, string? email, string? firstName, bool newsletter, string? invitation,
        ReadOnlyMemory<byte> secret, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationResult();
        var address = (email ?? "").Trim();
        if (address.Length == 0)
            errors.Add("Email", "Enter your email address.");
        else if (address.Length > 254 || !MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
            errors.Add("Email", "This is not an email address.");
        var name = (firstName ?? "").Trim();
        if (name.Length > MaxNameLength)
            errors.Add("FirstName", $"At most {MaxNameLength} characters.");
        var (referrer, invitationError) = await ReadInvitationAsync(store, invitation, secret, cancellationToken);
        if (invitationError != null)
            errors.Add(InvitationField, invitationError);
        if (!errors.IsValid)
            return new RegistrationResult(null, errors, null);

        var now = DateTime.SpecifyKind(clock.UtcNow, DateTimeKind.Utc);
        CustomerFact? created = null;
        // Customer ids are the next free number, as nopCommerce's identity column gives; two registrations at once collide
        // on the key, and the loser takes the next number.
        for (var attempt = 0; attempt < Attempts && created == null; attempt++)
        {
            await using var db = database.CreateContext();
            var lower = address.ToLowerInvariant();
            if (await db.Customers.AnyAsync(c => !c.Deleted && c.Email != null && c.Email.ToLower() == lower, cancellationToken))
            {
                errors.Add("Email", "An account with this email exists already.");
                return new RegistrationResult(null, errors, null);
            }
            var customer = new CustomerFact
            {
                Id = (await db.Customers.MaxAsync(c => (int?)c.Id, cancellationToken) ?? 0) + 1,
                CustomerGuid = Guid.NewGuid(),
                Email = address,
                FirstName = name.Length == 0 ? null : name,
                RegisteredInStoreId = store.Value,
                Active = true,
                CreatedOnUtc = now,
                LastActivityDateUtc = now,
            };
            db.Customers.Add(customer);
            if (newsletter)
                db.NewsletterSubscriptions.Add(new NewsletterSubscriptionRow { StoreId = store.Value, CustomerId = customer.Id, SubscribedUtc = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                created = customer;
            }
            catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
            {
            }
        }
        if (created == null)
            throw new InvalidOperationException($"Could not number a new customer after {Attempts} attempts.");

        var id = new CustomerId(created.Id);
        // Recorded before the door, as nopCommerce's registered event finds the referral cookie's customer already known.
        if (referrer is { } inviter && inviter != id)
            await referrals.TryRecordAsync(store, id, inviter, cancellationToken);
        await events.CustomerRegisteredAsync(store, id, now, cancellationToken);
        if (newsletter)
            await events.NewsletterSubscribedAsync(store, id, now, cancellationToken);
        return new RegistrationResult(created, errors, referrer);
    }
}
