using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>
/// Who is held back from a workflow to measure its lift. The arm is a hash of store, customer and workflow, so every node
/// and every process puts a customer in the same arm, and a customer stays in it for every subject (each cart, each order):
/// someone who never gets abandoned-cart emails is a clean comparison, someone who gets every other one is not.
/// </summary>
public static class ControlGroup
{
    /// <summary>The customer's place in [0, 100) for the workflow, uniform over customers.</summary>
    public static double Bucket(StoreId store, CustomerId customer, WorkflowKind workflow)
    {
        // SHA-256 rather than string.GetHashCode: the latter is randomised per process.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"retention-control:{store.Value}:{customer.Value}:{(int)workflow}"), hash);
        var top53Bits = BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11;
        return top53Bits * (100.0 / (1UL << 53));
    }

    /// <summary>Whether the customer is in the workflow's control group when <paramref name="percent"/> of customers are held back.</summary>
    public static bool IsControl(StoreId store, CustomerId customer, WorkflowKind workflow, decimal percent) =>
        percent > 0 && Bucket(store, customer, workflow) < (double)percent;
}
