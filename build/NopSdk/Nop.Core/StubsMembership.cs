// Stand-ins for paid membership: the recurring product's cycle and nopCommerce's ACL (signatures only, see CONTRACT.md).

namespace Nop.Core.Domain.Catalog
{
    public partial class Product
    {
        public bool IsRecurring { get; set; }
        public int RecurringCycleLength { get; set; }
        public int RecurringCyclePeriodId { get; set; }
        public int RecurringTotalCycles { get; set; }
        public bool SubjectToAcl { get; set; }
    }
}

namespace Nop.Core.Domain.Security
{
    public partial class AclRecord : BaseEntity
    {
        public int EntityId { get; set; }
        public string EntityName { get; set; }
        public int CustomerRoleId { get; set; }
    }
}
