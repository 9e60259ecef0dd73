using Retention.Sandbox.Data;

namespace Retention.Sandbox.Demo;

/// <summary>The demo store's catalog and the names its customers are given: a small online coffee roaster.</summary>
internal static class DemoCatalog
{
    /// <summary>Products with a weight for how often each is bought (gift cards are drawn separately).</summary>
    public static readonly IReadOnlyList<(ProductRow Product, double Weight)> Products = new (ProductRow, double)[]
    {
        (P(1, "House Blend Coffee Beans 250 g", "Coffee", 9.90m, 21), 10),
        (P(2, "House Blend Coffee Beans 1 kg", "Coffee", 32.00m, 60), 5),
        (P(3, "Ethiopia Yirgacheffe 250 g", "Coffee", 13.50m, 21), 6),
        (P(4, "Colombia Supremo 250 g", "Coffee", 11.90m, 21), 6),
        (P(5, "Espresso Roast 500 g", "Coffee", 18.50m, 30), 7),
        (P(6, "Decaf Swiss Water 250 g", "Coffee", 12.50m, 21), 3),
        (P(7, "Guatemala Antigua 250 g", "Coffee", 12.90m, 21), 4),
        (P(8, "Single-Origin Sampler Box", "Coffee", 29.00m, 0), 2),
        (P(9, "Earl Grey Loose Leaf 100 g", "Tea", 7.50m, 30), 4),
        (P(10, "Sencha Green Tea 100 g", "Tea", 8.90m, 30), 3),
        (P(11, "Chai Spice Blend 200 g", "Tea", 10.50m, 30), 2),
        (P(12, "Paper Filters No. 4 (100)", "Supplies", 4.20m, 60), 4),
        (P(13, "Descaling Tablets (6)", "Supplies", 9.90m, 90), 2),
        (P(14, "Pour-Over Dripper", "Brewing", 24.00m, 0), 1.5),
        (P(15, "French Press 1 l", "Brewing", 34.00m, 0), 1.2),
        (P(16, "Burr Grinder", "Brewing", 89.00m, 0), 0.6),
        (P(17, "Gooseneck Kettle", "Brewing", 59.00m, 0), 0.5),
        (P(18, "Digital Scale", "Brewing", 29.00m, 0), 0.7),
        (P(19, "Espresso Machine Home", "Brewing", 349.00m, 0), 0.15),
        (P(20, "Stoneware Mug", "Accessories", 14.00m, 0), 1.5),
        (P(21, "Travel Tumbler", "Accessories", 22.00m, 0), 1),
        (P(22, "Coffee Canister", "Accessories", 19.00m, 0), 0.8),
    };

    public static readonly IReadOnlyList<ProductRow> GiftCards = new[]
    {
        P(30, "Gift Card 25", "Gift cards", 25m, 0, giftCard: true),
        P(31, "Gift Card 50", "Gift cards", 50m, 0, giftCard: true),
        P(32, "Gift Card 100", "Gift cards", 100m, 0, giftCard: true),
    };

    public static readonly IReadOnlyList<string> FirstNames = new[]
    {
        "Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mason",
        "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Oliver", "Abigail", "Jacob", "Emily", "Aiden", "Ella",
        "Samuel", "Chloe", "Daniel", "Grace", "Henry", "Zoe", "Leo", "Nora", "Jack", "Lily", "Owen", "Hannah",
        "Mateo", "Aria", "Sebastian", "Léa", "Jürgen", "Zoë", "Siobhán", "Renée", "José", "Anaïs", "Björn",
    };

    public static readonly IReadOnlyList<string> LastNames = new[]
    {
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
        "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Green", "Baker", "Adams", "Nelson", "Müller", "O'Brien", "Dubois", "Nguyen", "Kowalski",
    };

    private static ProductRow P(int id, string name, string category, decimal price, int replenishDays, bool giftCard = false) => new()
    {
        Id = id,
        Name = name,
        Category = category,
        Price = price,
        ReplenishDays = replenishDays,
        IsGiftCard = giftCard,
    };
}
