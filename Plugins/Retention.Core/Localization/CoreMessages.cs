using System.Globalization;

namespace Retention.Core.Localization;

/// <summary>
/// Core's own sentences (validation messages) by message key, in every language Retention ships. The plugin installs
/// them as locale resources (which merchants translate into further languages), the sandbox reads them directly. Values
/// use <see cref="TextFormat"/>'s placeholders and plural forms. Each factory below is the one place a message is made.
/// </summary>
public static class CoreMessages
{
    /// <summary>The English texts.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["validation.range"] = "Must be between {min} and {max}.",
        ["validation.unknownWorkflow"] = "Unknown workflow.",
        ["validation.unknownExit"] = "Unknown exit condition.",
        ["validation.maxOrders"] = "Must be empty or between the minimum number of orders and {max}.",
        ["validation.noSteps"] = "A workflow needs at least one step.",
        ["validation.tooManySteps"] = "A workflow has at most {max} steps.",
        ["validation.stepDelay"] = "Must be between {min} and {max} days.",
        ["validation.stepOrder"] = "Must be later than the step before it.",
        ["validation.templateName"] = "Name a message template (at most {max} characters, no control characters).",
        ["validation.unknownCondition"] = "Unknown condition.",
        ["validation.unknownCouponKind"] = "Unknown coupon kind.",
        ["validation.attributionBasis"] = "Choose click or send.",
        ["validation.builtInReminders"] = "Choose take over or stand aside.",
        ["validation.workflowTwice"] = "The workflow {kind} is listed twice.",
        ["validation.periodLongerThanWindow"] = "The comparison period cannot be longer than the active window.",
        ["validation.tooManyTiers"] = "At most {max} tiers; this list has {count}.",
        ["validation.tierNameRequired"] = "A tier needs a name.",
        ["validation.nameTooLong"] = "At most {max} characters; this name has {count}.",
        ["validation.tierNameTaken"] = "Another tier is already called \"{name}\".",
        ["validation.thresholdNegative"] = "The threshold cannot be negative.",
        ["validation.thresholdTaken"] = "Another tier has the same threshold; thresholds must not overlap.",
        ["validation.multiplierNegative"] = "The multiplier cannot be negative.",
        ["validation.promotionNameRequired"] = "A promotion needs a name: shoppers see it beside the points it earns.",
        ["validation.promotionEnd"] = "The end must be after the start.",
        ["validation.tierName.control"] = "A tier name cannot hold control characters such as tabs, line breaks or text-direction overrides.",
        ["validation.tierName.markup"] = "A tier name cannot hold < or >: customers see it as text in emails and pages, never as markup.",
        ["validation.promotionName.control"] = "A promotion name cannot hold control characters such as tabs, line breaks or text-direction overrides.",
        ["validation.promotionName.markup"] = "A promotion name cannot hold < or >: customers see it as text in emails and pages, never as markup.",
        ["adjust.nonZero"] = "Enter a number of points other than zero.",
        ["adjust.max"] = "One adjustment can add or take at most {max, plural, one {# point} other {# points}} (the store's setting).",
        ["adjust.limit"] = "This would take the balance to {after, plural, one {# point} other {# points}}, beyond the program's limit of {limit}.",
        ["adjust.overdraw"] = "This takes {points, plural, one {# point} other {# points}} from an available balance of {available}, leaving {left}. Confirm to take the balance below zero.",
        ["adjust.reasonRequired"] = "A reason is required.",
        ["adjust.reasonTooLong"] = "Keep the reason to {max} characters.",
        ["adjust.reasonControl"] = "The reason cannot contain control characters such as line breaks or NUL.",
        ["adjust.actor"] = "The admin making the change must be known.",
        ["adjust.requestId"] = "Missing request id.",
        ["email.datePattern"] = "MMMM d, yyyy",
        ["email.footer.marketing"] = "You receive this email because you subscribed to our news. {link}Unsubscribe{end} at any time.",
        ["email.footer.transactional"] = "{link}Unsubscribe{end} from our marketing email.",
        ["email.tierPerks"] = "You now earn {multiplier}× points on every order.",
        ["email.expiry.spend"] = "Use them on your next order before then.",
        ["email.expiry.earnMore"] = "Points can be spent from a balance of {minimum}: earn {needed} more with an order placed by {date} to use them.",
        ["email.pointsOffer.thisOrder"] = "You have {points, plural, one {# point} other {# points}}, worth {worth} off this order.",
        ["email.pointsOffer.nextOrder"] = "You have {points, plural, one {# point} other {# points}}, worth {worth} off your next order.",
        ["email.pointsOffer.belowMinimum"] = "You have {points, plural, one {# point} other {# points}}, worth {worth} once your balance reaches {minimum, plural, one {# point} other {# points}}.",
        ["email.review"] = "Review {product}",
        ["email.winBackReason.1"] = "Prices",
        ["email.winBackReason.2"] = "Product quality",
        ["email.winBackReason.3"] = "Delivery or service",
        ["email.winBackReason.4"] = "Found another shop",
        ["email.winBackReason.5"] = "No longer need it",
        ["email.winBackReason.6"] = "Something else",
        // The cumulative discount card.
        ["card.noLevels"] = "A switched-on card needs at least one level.",
        ["card.tooManyLevels"] = "A card can have at most {max, plural, one {# level} other {# levels}}.",
        ["card.thresholdRising"] = "Each level's threshold must be above the previous level's.",
        ["card.percentRange"] = "The discount must be above 0 and at most 100 percent.",
        ["card.percentRising"] = "Each level's discount must be above the previous level's.",
        ["card.current"] = "Your discount card gives {percent}% off every order.",
        ["card.none"] = "You have no card discount yet.",
        ["card.next"] = "Spend {missing} more to reach {percent}% off.",
        ["card.top"] = "You are on the card's top level.",
        ["card.dropsOn"] = "Without a purchase, your discount drops to {percent}% on {date}.",
        ["card.endsOn"] = "Without a purchase, your card discount ends on {date}.",
        ["card.restore"] = "Your next order brings your discount back to {percent}%.",
        ["card.checkout"] = "Discount card: {percent}% off",
        // Stamp cards
        ["validation.tooManyStampCards"] = "At most {max} stamp cards; this list has {count}.",
        ["validation.stampCardId"] = "Each stamp card needs its own number, from 1.",
        ["validation.stampCardNameRequired"] = "A stamp card needs a name: shoppers see it on their card.",
        ["validation.stampCardName.control"] = "A stamp card name cannot hold control characters such as tabs, line breaks or text-direction overrides.",
        ["validation.stampCardName.markup"] = "A stamp card name cannot hold < or >: customers see it as text, never as markup.",
        ["validation.stampChoice"] = "Choose one of the listed options.",
        ["validation.stampNoSuchProduct"] = "There is no product {id} in the store.",
        ["validation.stampNoSuchCategory"] = "There is no category {id} in the store.",
        ["validation.stampAmount"] = "Enter an amount greater than 0 and at most {max}.",
        // Periodic cashback (issue 18)
        ["validation.cashback.period"] = "Choose month or quarter.",
        ["validation.cashback.payAs"] = "Choose points or gift card.",
        ["validation.cashback.startsOn"] = "Give the date cashback starts counting from.",
        ["validation.cashback.noBands"] = "Cashback needs at least one band.",
        ["validation.cashback.tooManyBands"] = "At most {max} bands; this list has {count}.",
        ["validation.cashback.ascending"] = "Each band must start above the band before it.",
        // Paid membership (issue 18)
        ["validation.membership.product"] = "Choose the product customers buy to become members.",
        ["validation.membership.memberOnly"] = "List at most {max} product numbers, each above 0.",
        ["validation.membership.productNotMemberOnly"] = "The membership product itself cannot be member-only: nobody could buy it.",
        // Challenges and badges.
        ["validation.challengeIdTaken"] = "Another challenge already has the number {id}.",
        ["validation.challengeNameRequired"] = "A challenge needs a name: shoppers see it in My rewards and at checkout.",
        ["validation.challengeName.control"] = "A challenge name cannot hold control characters such as tabs, line breaks or text-direction overrides.",
        ["validation.challengeName.markup"] = "A challenge name cannot hold < or >: customers see it as text in emails and pages, never as markup.",
        ["validation.challengeEnd"] = "The last day cannot be before the first day.",
        ["validation.challengeChoice"] = "Choose one of the listed options.",
        ["validation.challengeTarget"] = "The goal must be greater than zero.",
        ["validation.challengeWholeCount"] = "The goal is a whole number from 1 to {max}.",
        ["validation.challengeUnknownCategories"] = "No such category in the store: {ids}.",
        ["validation.challengeMoreCategories"] = "The goal cannot be more than the {count, plural, one {# category} other {# categories}} listed.",
        ["challenge.progress.categories"] = "{done} of {target, plural, one {# category} other {# categories}}",
        ["challenge.progress.spend"] = "{done} of {target} spent",
        ["challenge.progress.orders"] = "{done} of {target, plural, one {# order} other {# orders}}",
        ["challenge.progress.reviews"] = "{done} of {target, plural, one {# review} other {# reviews}}",
        ["challenge.progress.referrals"] = "{done} of {target, plural, one {# friend who bought} other {# friends who bought}}",
        ["challenge.progress.surveys"] = "{done} of {target, plural, one {# survey answered} other {# surveys answered}}",
        ["challenge.completesAtCheckout"] = "This order completes the {name} challenge.",
        ["badge.firstOrder"] = "First order",
        ["badge.tenthOrder"] = "10th order",
        ["badge.oneYear"] = "One year with us",
        ["badge.topTier"] = "Top tier",
        ["badge.challenge"] = "{name} champion",
        // The stamp card and challenge emails (issue 18).
        ["email.stamp.freeProduct"] = "one {product} free",
        ["email.stamp.freeProductUnnamed"] = "one product free",
        ["email.stamp.amountOff"] = "{amount} off your next order",
        ["email.challenge.points"] = "{points, plural, one {# point was} other {# points were}} added to your balance: you can spend them from {date}.",
        ["email.challenge.pointsNow"] = "{points, plural, one {# point was} other {# points were}} added to your balance: spend them at checkout.",
        ["email.challenge.coupon"] = "A coupon for {amount} off: enter the code {code} at checkout. It works once, until {date}.",
        ["email.challenge.badge"] = "The {badge} badge, now in My rewards.",
        // The points history's notes (LedgerNotes): stored as keys, read in the reader's language.
        ["ledger.order"] = "Order #{order}",
        ["ledger.orderRefunded"] = "Order #{order} refunded",
        ["ledger.orderRefundedCapped"] = "Order #{order} refunded; {due, plural, one {# point} other {# points}} due, capped at the balance",
        ["ledger.spentOnOrder"] = "Spent on order #{order}",
        ["ledger.spentReturned"] = "Points spent on order #{order} returned",
        ["ledger.expired"] = "Points expired",
        ["ledger.expiredInactivity"] = "Balance expired after inactivity",
        ["ledger.welcome"] = "Welcome bonus",
        ["ledger.birthday"] = "Happy birthday {year}",
        ["ledger.review"] = "Thank you for your review",
        ["ledger.survey"] = "Thank you for your answers",
        ["ledger.referral"] = "Referral: first order #{order}",
        ["ledger.wallet"] = "Entry in the store's reward points",
        ["ledger.cashback"] = "Cashback {period}",
        ["ledger.cashbackTakenBack"] = "Cashback {period} taken back after a refund",
        // Stamp cards: the reminder lead (issue 18 gaps)
        ["validation.stampReminderHalf"] = "The reminder must come in the second half of the card's life: at most {max} days before it lapses, or 0 for no reminder.",
        // The workflow lift report's plain word on what its figures can say.
        ["lift.noControlGroup"] = "This workflow keeps no control group, so its lift cannot be measured.",
        ["lift.tooFew.both"] = "Too few enrollments to conclude anything ({sent} sent, {control} in the control group; at least {min} in each group are needed): the intervals are wide and the difference may be chance.",
        ["lift.tooFew.sent"] = "Too few enrollments to conclude anything ({sent} sent; at least {min} in each group are needed): the intervals are wide and the difference may be chance.",
        ["lift.tooFew.control"] = "Too few enrollments to conclude anything ({control} in the control group; at least {min} in each group are needed): the intervals are wide and the difference may be chance.",
    };

    /// <summary>The Russian texts, keyed as <see cref="English"/>.</summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["validation.range"] = "Допустимо значение от {min} до {max}.",
        ["validation.unknownWorkflow"] = "Неизвестный сценарий.",
        ["validation.unknownExit"] = "Неизвестное условие выхода.",
        ["validation.maxOrders"] = "Оставьте поле пустым или укажите число от минимального количества заказов до {max}.",
        ["validation.noSteps"] = "В сценарии должен быть хотя бы один шаг.",
        ["validation.tooManySteps"] = "В сценарии может быть не больше {max, plural, one {# шага} other {# шагов}}.",
        ["validation.stepDelay"] = "Допустимо от {min} до {max, plural, one {# дня} other {# дней}}.",
        ["validation.stepOrder"] = "Шаг должен идти позже предыдущего.",
        ["validation.templateName"] = "Укажите шаблон сообщения (не больше {max, plural, one {# символа} other {# символов}}, без управляющих символов).",
        ["validation.unknownCondition"] = "Неизвестное условие.",
        ["validation.unknownCouponKind"] = "Неизвестный тип купона.",
        ["validation.attributionBasis"] = "Выберите «клик» или «отправка».",
        ["validation.builtInReminders"] = "Выберите: заменить напоминания nopCommerce или не вмешиваться.",
        ["validation.workflowTwice"] = "Сценарий {kind} указан дважды.",
        ["validation.periodLongerThanWindow"] = "Период сравнения не может быть длиннее окна активности.",
        ["validation.tooManyTiers"] = "Допустимо не больше {max, plural, one {# уровня} other {# уровней}}, а в списке {count, plural, one {# уровень} few {# уровня} many {# уровней} other {# уровня}}.",
        ["validation.tierNameRequired"] = "Укажите название уровня.",
        ["validation.nameTooLong"] = "Не больше {max, plural, one {# символа} other {# символов}}, а в этом названии {count, plural, one {# символ} few {# символа} many {# символов} other {# символа}}.",
        ["validation.tierNameTaken"] = "Уровень «{name}» уже есть.",
        ["validation.thresholdNegative"] = "Порог не может быть отрицательным.",
        ["validation.thresholdTaken"] = "У другого уровня такой же порог, а пороги не должны совпадать.",
        ["validation.multiplierNegative"] = "Множитель не может быть отрицательным.",
        ["validation.promotionNameRequired"] = "Укажите название акции: покупатели видят его рядом с начисляемыми баллами.",
        ["validation.promotionEnd"] = "Дата окончания должна быть позже даты начала.",
        ["validation.tierName.control"] = "В названии уровня не может быть управляющих символов: табуляций, переводов строки, символов смены направления текста.",
        ["validation.tierName.markup"] = "В названии уровня не может быть символов < и >: покупатели видят его как текст в письмах и на страницах, а не как разметку.",
        ["validation.promotionName.control"] = "В названии акции не может быть управляющих символов: табуляций, переводов строки, символов смены направления текста.",
        ["validation.promotionName.markup"] = "В названии акции не может быть символов < и >: покупатели видят его как текст в письмах и на страницах, а не как разметку.",
        ["adjust.nonZero"] = "Введите количество баллов, отличное от нуля.",
        ["adjust.max"] = "Одной корректировкой можно начислить или списать не больше {max, plural, one {# балла} other {# баллов}} (настройка магазина).",
        ["adjust.limit"] = "Баланс составил бы {after, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, а предел программы — {limit}.",
        ["adjust.overdraw"] = "Списание {points, plural, one {# балла} other {# баллов}} при доступном балансе {available} оставит {left}. Подтвердите, чтобы баланс ушёл в минус.",
        ["adjust.reasonRequired"] = "Укажите причину.",
        ["adjust.reasonTooLong"] = "Причина — не больше {max, plural, one {# символа} other {# символов}}.",
        ["adjust.reasonControl"] = "В причине не может быть управляющих символов, например переводов строки или NUL.",
        ["adjust.actor"] = "Не удалось определить администратора, который вносит изменение.",
        ["adjust.requestId"] = "Нет идентификатора запроса.",
        ["email.datePattern"] = "d MMMM yyyy",
        ["email.footer.marketing"] = "Вы получили это письмо, потому что подписались на наши новости. {link}Отписаться{end} можно в любой момент.",
        ["email.footer.transactional"] = "{link}Отписаться{end} от рекламных писем.",
        ["email.tierPerks"] = "Теперь за каждый заказ вы получаете в {multiplier} раза больше баллов.",
        ["email.expiry.spend"] = "Потратьте их на следующий заказ до этой даты.",
        ["email.expiry.earnMore"] = "Баллы можно тратить, когда на счёте {minimum, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}: получите ещё {needed, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, оформив заказ до {date}, чтобы ими воспользоваться.",
        ["email.pointsOffer.thisOrder"] = "У вас {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} — это скидка {worth} на этот заказ.",
        ["email.pointsOffer.nextOrder"] = "У вас {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} — это скидка {worth} на следующий заказ.",
        ["email.pointsOffer.belowMinimum"] = "У вас {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} на {worth}; потратить их можно, когда на счёте будет {minimum, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}.",
        ["email.review"] = "Оставить отзыв: {product}",
        ["email.winBackReason.1"] = "Цены",
        ["email.winBackReason.2"] = "Качество товаров",
        ["email.winBackReason.3"] = "Доставка или обслуживание",
        ["email.winBackReason.4"] = "Нашёл другой магазин",
        ["email.winBackReason.5"] = "Больше не нужно",
        ["email.winBackReason.6"] = "Другое",
        // Накопительная дисконтная карта.
        ["card.noLevels"] = "Включённой карте нужен хотя бы один уровень.",
        ["card.tooManyLevels"] = "У карты может быть не больше {max, plural, one {# уровня} other {# уровней}}.",
        ["card.thresholdRising"] = "Порог каждого уровня должен быть выше порога предыдущего.",
        ["card.percentRange"] = "Скидка должна быть больше 0 и не больше 100 процентов.",
        ["card.percentRising"] = "Скидка каждого уровня должна быть больше скидки предыдущего.",
        ["card.current"] = "Ваша дисконтная карта даёт скидку {percent}% на каждый заказ.",
        ["card.none"] = "Скидки по карте у вас пока нет.",
        ["card.next"] = "Купите ещё на {missing}, и скидка станет {percent}%.",
        ["card.top"] = "У вас высший уровень карты.",
        ["card.dropsOn"] = "Если не будет покупок, {date} скидка снизится до {percent}%.",
        ["card.endsOn"] = "Если не будет покупок, {date} скидка по карте закончится.",
        ["card.restore"] = "Следующий заказ вернёт скидку {percent}%.",
        ["card.checkout"] = "Дисконтная карта: скидка {percent}%",
        // Stamp cards
        ["validation.tooManyStampCards"] = "Допустимо не больше {max, plural, one {# карты} other {# карт}} со штампами, а в списке {count}.",
        ["validation.stampCardId"] = "У каждой карты со штампами должен быть свой номер, начиная с 1.",
        ["validation.stampCardNameRequired"] = "Укажите название карты: покупатели видят его на своей карте.",
        ["validation.stampCardName.control"] = "В названии карты не может быть управляющих символов: табуляций, переводов строки, символов смены направления текста.",
        ["validation.stampCardName.markup"] = "В названии карты не может быть символов < и >: покупатели видят его как текст, а не как разметку.",
        ["validation.stampChoice"] = "Выберите один из предложенных вариантов.",
        ["validation.stampNoSuchProduct"] = "В магазине нет товара {id}.",
        ["validation.stampNoSuchCategory"] = "В магазине нет категории {id}.",
        ["validation.stampAmount"] = "Введите сумму больше 0 и не больше {max}.",
        // Periodic cashback (issue 18)
        ["validation.cashback.period"] = "Выберите месяц или квартал.",
        ["validation.cashback.payAs"] = "Выберите баллы или подарочную карту.",
        ["validation.cashback.startsOn"] = "Укажите дату, с которой начинается начисление кэшбэка.",
        ["validation.cashback.noBands"] = "Для кэшбэка нужна хотя бы одна ступень.",
        ["validation.cashback.tooManyBands"] = "Не больше {max} ступеней; в этом списке {count}.",
        ["validation.cashback.ascending"] = "Каждая ступень должна начинаться выше предыдущей.",
        // Paid membership (issue 18)
        ["validation.membership.product"] = "Выберите товар, покупка которого делает покупателя участником клуба.",
        ["validation.membership.memberOnly"] = "Укажите не больше {max} номеров товаров, каждый больше 0.",
        ["validation.membership.productNotMemberOnly"] = "Сам товар членства не может быть только для участников: его никто не смог бы купить.",
        // Challenges and badges.
        ["validation.challengeIdTaken"] = "Номер {id} уже занят другим испытанием.",
        ["validation.challengeNameRequired"] = "Укажите название испытания: покупатели видят его в разделе «Мои бонусы» и при оформлении заказа.",
        ["validation.challengeName.control"] = "Название испытания не может содержать управляющие символы: табуляцию, переводы строк, смену направления текста.",
        ["validation.challengeName.markup"] = "Название испытания не может содержать < или >: покупатели видят его как текст в письмах и на страницах, а не как разметку.",
        ["validation.challengeEnd"] = "Последний день не может быть раньше первого.",
        ["validation.challengeChoice"] = "Выберите один из предложенных вариантов.",
        ["validation.challengeTarget"] = "Цель должна быть больше нуля.",
        ["validation.challengeWholeCount"] = "Цель — целое число от 1 до {max}.",
        ["validation.challengeUnknownCategories"] = "В магазине нет таких категорий: {ids}.",
        ["validation.challengeMoreCategories"] = "Цель не может превышать число перечисленных категорий ({count}).",
        ["challenge.progress.categories"] = "{done} из {target, plural, one {# категории} other {# категорий}}",
        ["challenge.progress.spend"] = "Потрачено {done} из {target}",
        ["challenge.progress.orders"] = "{done} из {target, plural, one {# заказа} other {# заказов}}",
        ["challenge.progress.reviews"] = "{done} из {target, plural, one {# отзыва} other {# отзывов}}",
        ["challenge.progress.referrals"] = "{done} из {target, plural, one {# приглашённого друга с покупкой} other {# приглашённых друзей с покупкой}}",
        ["challenge.progress.surveys"] = "{done} из {target, plural, one {# опроса} other {# опросов}}",
        ["challenge.completesAtCheckout"] = "Этот заказ завершает испытание «{name}».",
        ["badge.firstOrder"] = "Первый заказ",
        ["badge.tenthOrder"] = "Десятый заказ",
        ["badge.oneYear"] = "Год с нами",
        ["badge.topTier"] = "Высший уровень",
        ["badge.challenge"] = "Победитель испытания «{name}»",
        // Письма карт лояльности со штампами и испытаний (issue 18).
        ["email.stamp.freeProduct"] = "товар «{product}» в подарок",
        ["email.stamp.freeProductUnnamed"] = "товар в подарок",
        ["email.stamp.amountOff"] = "скидка {amount} на следующий заказ",
        ["email.challenge.points"] = "Баллы зачислены на ваш счёт: {points}. Потратить их можно с {date}.",
        ["email.challenge.pointsNow"] = "Баллы зачислены на ваш счёт: {points}. Потратьте их при оформлении заказа.",
        ["email.challenge.coupon"] = "Купон на скидку {amount}: введите код {code} при оформлении заказа. Он действует один раз, до {date} включительно.",
        ["email.challenge.badge"] = "Значок «{badge}» — он уже в разделе «Мои бонусы».",
        ["ledger.order"] = "Заказ №{order}",
        ["ledger.orderRefunded"] = "Возврат заказа №{order}",
        ["ledger.orderRefundedCapped"] = "Возврат заказа №{order}: к списанию {due, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, списано не больше баланса",
        ["ledger.spentOnOrder"] = "Списано в заказе №{order}",
        ["ledger.spentReturned"] = "Возвращены баллы, потраченные на заказ №{order}",
        ["ledger.expired"] = "Баллы сгорели",
        ["ledger.expiredInactivity"] = "Баланс сгорел: долго не было покупок",
        ["ledger.welcome"] = "Приветственный бонус",
        ["ledger.birthday"] = "С днём рождения! ({year})",
        ["ledger.review"] = "Спасибо за отзыв",
        ["ledger.survey"] = "Спасибо за ответы",
        ["ledger.referral"] = "Приглашённый друг сделал первый заказ №{order}",
        ["ledger.wallet"] = "Запись в бонусных баллах магазина",
        ["ledger.cashback"] = "Кэшбэк за {period}",
        ["ledger.cashbackTakenBack"] = "Кэшбэк за {period} списан после возврата",
        // Stamp cards: the reminder lead (issue 18 gaps)
        ["validation.stampReminderHalf"] = "Напоминание должно прийти во второй половине срока карты: не раньше чем за {max} дн. до его конца, или 0 — без напоминания.",
        ["lift.noControlGroup"] = "У этого сценария нет контрольной группы, поэтому его прирост измерить нельзя.",
        ["lift.tooFew.both"] = "Слишком мало включений, чтобы делать выводы (получили письма: {sent}, в контрольной группе: {control}; нужно не меньше {min} в каждой группе): интервалы широкие, и разница может быть случайной.",
        ["lift.tooFew.sent"] = "Слишком мало включений, чтобы делать выводы (получили письма: {sent}; нужно не меньше {min} в каждой группе): интервалы широкие, и разница может быть случайной.",
        ["lift.tooFew.control"] = "Слишком мало включений, чтобы делать выводы (в контрольной группе: {control}; нужно не меньше {min} в каждой группе): интервалы широкие, и разница может быть случайной.",
    };

    /// <summary>Every language Core ships texts in, by two-letter code.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByLanguage { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase) { ["en"] = English, ["ru"] = Russian };

    /// <summary>The template of <paramref name="key"/> in <paramref name="culture"/>'s language, falling back to English.</summary>
    public static string TemplateFor(string key, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var table = ByLanguage.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? English;
        return table.GetValueOrDefault(key) ?? English[key];
    }

    /// <summary>Core's text in <paramref name="culture"/>'s language.</summary>
    public static string Render(CoreText text, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Render(TemplateFor(text.Key, culture), culture);
    }

    // Numbers as Core wrote them in English before keys: bounds exactly as given, counts with thousands separators.
    private static TextArg Exact(string name, decimal value) => TextArg.Count(name, value, "G");

    public static CoreText Range(decimal min, decimal max) => new("validation.range", Exact("min", min), Exact("max", max));
    public static CoreText UnknownWorkflow() => new("validation.unknownWorkflow");
    public static CoreText UnknownExit() => new("validation.unknownExit");
    public static CoreText MaxOrders(int max) => new("validation.maxOrders", Exact("max", max));
    public static CoreText NoSteps() => new("validation.noSteps");
    public static CoreText TooManySteps(int max) => new("validation.tooManySteps", Exact("max", max));
    public static CoreText StepDelay(int min, int max) => new("validation.stepDelay", Exact("min", min), Exact("max", max));
    public static CoreText StepOrder() => new("validation.stepOrder");
    public static CoreText TemplateName(int max) => new("validation.templateName", Exact("max", max));
    public static CoreText UnknownCondition() => new("validation.unknownCondition");
    public static CoreText UnknownCouponKind() => new("validation.unknownCouponKind");
    public static CoreText AttributionBasis() => new("validation.attributionBasis");
    public static CoreText BuiltInReminders() => new("validation.builtInReminders");
    public static CoreText WorkflowTwice(string kind) => new("validation.workflowTwice", TextArg.Of("kind", kind));
    public static CoreText PeriodLongerThanWindow() => new("validation.periodLongerThanWindow");
    public static CoreText TooManyTiers(int max, int count) => new("validation.tooManyTiers", Exact("max", max), Exact("count", count));
    public static CoreText TierNameRequired() => new("validation.tierNameRequired");
    public static CoreText NameTooLong(int max, int count) => new("validation.nameTooLong", Exact("max", max), Exact("count", count));
    public static CoreText TierNameTaken(string name) => new("validation.tierNameTaken", TextArg.Of("name", name));
    public static CoreText ThresholdNegative() => new("validation.thresholdNegative");
    public static CoreText ThresholdTaken() => new("validation.thresholdTaken");
    public static CoreText MultiplierNegative() => new("validation.multiplierNegative");
    public static CoreText PromotionNameRequired() => new("validation.promotionNameRequired");
    public static CoreText PromotionEnd() => new("validation.promotionEnd");

    /// <summary>A display name's problem (<c>tierName</c>, <c>promotionName</c>; <c>control</c> or <c>markup</c>).</summary>
    public static CoreText NameProblem(string field, string problem) => new($"validation.{field}.{problem}");

    public static CoreText AdjustNonZero() => new("adjust.nonZero");
    public static CoreText AdjustMax(long max) => new("adjust.max", TextArg.Count("max", max));
    public static CoreText AdjustLimit(long after, long limit) => new("adjust.limit", TextArg.Count("after", after), TextArg.Count("limit", limit));
    public static CoreText AdjustOverdraw(long points, long available, long left) =>
        new("adjust.overdraw", TextArg.Count("points", points), TextArg.Count("available", available), TextArg.Count("left", left));
    public static CoreText AdjustReasonRequired() => new("adjust.reasonRequired");
    public static CoreText AdjustReasonTooLong(int max) => new("adjust.reasonTooLong", Exact("max", max));
    public static CoreText AdjustReasonControl() => new("adjust.reasonControl");
    public static CoreText AdjustActor() => new("adjust.actor");
    public static CoreText AdjustRequestId() => new("adjust.requestId");

    /// <summary>The keys of the sentences Core writes into emails (their texts are read in the customer's language when the email is made).</summary>
    public static IReadOnlyList<string> EmailKeys { get; } = English.Keys.Where(k => k.StartsWith("email.", StringComparison.Ordinal)).ToList();

    public static CoreText EmailDatePattern() => new("email.datePattern");
    /// <summary>The footer sentence; <paramref name="link"/> and <paramref name="end"/> mark where the unsubscribe link opens and closes.</summary>
    public static CoreText EmailFooter(bool marketing, string link, string end) =>
        new(marketing ? "email.footer.marketing" : "email.footer.transactional", TextArg.Of("link", link), TextArg.Of("end", end));
    public static CoreText EmailTierPerks(decimal multiplier) => new("email.tierPerks", TextArg.Count("multiplier", multiplier, "0.##"));
    public static CoreText EmailExpirySpend() => new("email.expiry.spend");
    public static CoreText EmailExpiryEarnMore(long minimum, long needed, string date) =>
        new("email.expiry.earnMore", TextArg.Count("minimum", minimum), TextArg.Count("needed", needed), TextArg.Of("date", date));
    /// <summary>The points offer of a cart (<paramref name="thisOrder"/>) or win-back email; below the minimum it says from when they can be spent.</summary>
    public static CoreText EmailPointsOffer(bool canRedeem, bool thisOrder, long points, string worth, long minimum) =>
        !canRedeem ? new("email.pointsOffer.belowMinimum", TextArg.Count("points", points), TextArg.Of("worth", worth), TextArg.Count("minimum", minimum))
        : new(thisOrder ? "email.pointsOffer.thisOrder" : "email.pointsOffer.nextOrder", TextArg.Count("points", points), TextArg.Of("worth", worth));
    public static CoreText EmailReview(string product) => new("email.review", TextArg.Of("product", product));
    /// <summary>A win-back answer's label (1–6, <c>WinBackReasons</c>).</summary>
    public static CoreText EmailWinBackReason(int reason) => new("email.winBackReason." + reason.ToString(CultureInfo.InvariantCulture));
    // The cumulative discount card.
    public static CoreText CardNoLevels() => new("card.noLevels");
    public static CoreText CardTooManyLevels(int max) => new("card.tooManyLevels", Exact("max", max));
    public static CoreText CardThresholdRising() => new("card.thresholdRising");
    public static CoreText CardPercentRange() => new("card.percentRange");
    public static CoreText CardPercentRising() => new("card.percentRising");
    public static CoreText CardCurrent(decimal percent) => new("card.current", Percent("percent", percent));
    public static CoreText CardNone() => new("card.none");
    // missing: the amount already written in the store's currency.
    public static CoreText CardNext(string missing, decimal percent) => new("card.next", TextArg.Of("missing", missing), Percent("percent", percent));
    public static CoreText CardTop() => new("card.top");
    // date: already written in the reader's calendar.
    public static CoreText CardDropsOn(decimal percent, string date) => new("card.dropsOn", Percent("percent", percent), TextArg.Of("date", date));
    public static CoreText CardEndsOn(string date) => new("card.endsOn", TextArg.Of("date", date));
    public static CoreText CardRestore(decimal percent) => new("card.restore", Percent("percent", percent));
    public static CoreText CardCheckout(decimal percent) => new("card.checkout", Percent("percent", percent));

    // A percent as people write it: 5, 2.5 (2,5 in Russian), never 5.00.
    private static TextArg Percent(string name, decimal value) => TextArg.Count(name, value, "0.##");
    // Stamp cards
    public static CoreText TooManyStampCards(int max, int count) => new("validation.tooManyStampCards", Exact("max", max), Exact("count", count));
    public static CoreText StampCardIdTaken() => new("validation.stampCardId");
    public static CoreText StampCardNameRequired() => new("validation.stampCardNameRequired");
    public static CoreText StampUnknownChoice() => new("validation.stampChoice");
    public static CoreText StampNoSuchProduct(int id) => new("validation.stampNoSuchProduct", Exact("id", id));
    public static CoreText StampNoSuchCategory(int id) => new("validation.stampNoSuchCategory", Exact("id", id));
    public static CoreText StampAmountPositive(decimal max) => new("validation.stampAmount", Exact("max", max));
    public static CoreText StampReminderInSecondHalf(int max) => new("validation.stampReminderHalf", Exact("max", max));
    public static CoreText CashbackPeriodKind() => new("validation.cashback.period");
    public static CoreText CashbackPayAs() => new("validation.cashback.payAs");
    public static CoreText CashbackStartsOn() => new("validation.cashback.startsOn");
    public static CoreText CashbackNoBands() => new("validation.cashback.noBands");
    public static CoreText CashbackTooManyBands(int max, int count) => new("validation.cashback.tooManyBands", Exact("max", max), Exact("count", count));
    public static CoreText CashbackBandsAscending() => new("validation.cashback.ascending");
    // Paid membership.
    public static CoreText MembershipProductRequired() => new("validation.membership.product");
    public static CoreText MembershipMemberOnlyProducts(int max) => new("validation.membership.memberOnly", Exact("max", max));
    public static CoreText MembershipProductNotMemberOnly() => new("validation.membership.productNotMemberOnly");
    // Challenges and badges.
    public static CoreText ChallengeIdTaken(int id) => new("validation.challengeIdTaken", TextArg.Of("id", id.ToString(CultureInfo.InvariantCulture)));
    public static CoreText ChallengeNameRequired() => new("validation.challengeNameRequired");
    public static CoreText ChallengeEndBeforeStart() => new("validation.challengeEnd");
    public static CoreText ChallengeUnknownChoice() => new("validation.challengeChoice");
    public static CoreText ChallengeTargetPositive() => new("validation.challengeTarget");
    public static CoreText ChallengeWholeCount(decimal max) => new("validation.challengeWholeCount", Exact("max", max));
    public static CoreText ChallengeUnknownCategories(string ids) => new("validation.challengeUnknownCategories", TextArg.Of("ids", ids));
    public static CoreText ChallengeMoreCategoriesThanListed(int count) => new("validation.challengeMoreCategories", TextArg.Count("count", count));

    /// <summary>A challenge's progress for shoppers ("2 of 3 categories"); spend with two decimals.</summary>
    public static CoreText ChallengeProgress(Challenges.ChallengeGoal goal, decimal done, decimal target)
    {
        var format = goal == Challenges.ChallengeGoal.Spend ? "N2" : "N0";
        var key = goal switch
        {
            Challenges.ChallengeGoal.Categories => "challenge.progress.categories",
            Challenges.ChallengeGoal.Spend => "challenge.progress.spend",
            Challenges.ChallengeGoal.Orders => "challenge.progress.orders",
            Challenges.ChallengeGoal.Reviews => "challenge.progress.reviews",
            Challenges.ChallengeGoal.Referrals => "challenge.progress.referrals",
            _ => "challenge.progress.surveys",
        };
        return new CoreText(key, TextArg.Count("done", done, format), TextArg.Count("target", target, format));
    }

    public static CoreText ChallengeCompletesAtCheckout(string name) => new("challenge.completesAtCheckout", TextArg.Of("name", name));
    public static CoreText BadgeFirstOrder() => new("badge.firstOrder");
    public static CoreText BadgeTenthOrder() => new("badge.tenthOrder");
    public static CoreText BadgeOneYear() => new("badge.oneYear");
    public static CoreText BadgeTopTier() => new("badge.topTier");
    public static CoreText BadgeOfChallenge(string name) => new("badge.challenge", TextArg.Of("name", name));
    // The stamp card and challenge emails. amount: already written in the store's currency; date: in the reader's calendar.
    public static CoreText EmailStampFreeProduct(string? product) =>
        string.IsNullOrWhiteSpace(product) ? new("email.stamp.freeProductUnnamed") : new("email.stamp.freeProduct", TextArg.Of("product", product));
    public static CoreText EmailStampAmountOff(string amount) => new("email.stamp.amountOff", TextArg.Of("amount", amount));
    public static CoreText EmailChallengePoints(long points, string? spendableFrom) => spendableFrom is null
        ? new("email.challenge.pointsNow", TextArg.Count("points", points))
        : new("email.challenge.points", TextArg.Count("points", points), TextArg.Of("date", spendableFrom));
    public static CoreText EmailChallengeCoupon(string amount, string code, string date) =>
        new("email.challenge.coupon", TextArg.Of("amount", amount), TextArg.Of("code", code), TextArg.Of("date", date));
    public static CoreText EmailChallengeBadge(string badge) => new("email.challenge.badge", TextArg.Of("badge", badge));
}
