using LinqToDB;
using Nop.Core;
using Nop.Core.Events;

namespace Nop.Data.Testing;

/// <summary>
/// nopCommerce's repository (Nop.Data/EntityRepository.cs) for the members the plugin calls: each insert, update and
/// delete on a connection of its own (so it joins an ambient <c>TransactionScope</c> like upstream's), the table as a
/// fresh query root, the identity read back into <c>Id</c> on insert, and the deleted-entity event after a delete.
/// </summary>
public class EntityRepository<TEntity>(NopDatabase database, IEventPublisher eventPublisher = null) : IRepository<TEntity>
    where TEntity : BaseEntity
{
    public virtual IQueryable<TEntity> Table => database.GetTable<TEntity>();

    public virtual async Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var connection = database.CreateDataConnection();
        entity.Id = await connection.InsertWithInt32IdentityAsync(entity);
        // The stand-in Nop.Core has no EntityInsertedEvent: the plugin neither publishes nor consumes one.
    }

    public virtual async Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var connection = database.CreateDataConnection();
        await connection.UpdateAsync(entity);
    }

    public virtual async Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using (var connection = database.CreateDataConnection())
            await connection.DeleteAsync(entity);
        if (publishEvent && eventPublisher != null)
            await eventPublisher.PublishAsync(new EntityDeletedEvent<TEntity>(entity));
    }
}
