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

namespace Nop.Core.Domain.Orders
{
    public partial class RecurringPayment : BaseEntity
    {
        public bool IsActive { get; set; }
        public bool LastPaymentFailed { get; set; }
        public bool Deleted { get; set; }
        public int InitialOrderId { get; set; }
    }

    public partial class RecurringPaymentHistory : BaseEntity
    {
        public int RecurringPaymentId { get; set; }
        public int OrderId { get; set; }
    }
}
