extension WebText {
    /// Every piece of text the web pages show. Each language's catalog (`Catalog/WebCatalog+….swift`)
    /// has a value for each; a value may hold `{name}` placeholders that `WebText.format` fills in.
    enum Key: String, CaseIterable, Sendable {
        // The page around every screen: navigation, language chooser, keyboard help.
        case pageTitle, inbox, serviceLevels, templates, signIn, signOut, email, password, language, ok
        case keyboardShortcuts, helpNextPrevious, helpOpen, helpReply, helpResolve, helpSearch, helpHelp, keyEnter
        case wrongPassword, tooManyAttempts, formExpired
        case haveResetCode, resetTitle, resetCode, newPassword, wrongResetCode, passwordTooShort, passwordSet

        // The inbox: counters, filters, columns, rows.
        case atRisk, atRiskHint, atRiskCount, unreadCount, platform, allPlatforms, status, allStatuses, channel, kind, assignee, tag
        case buyerLanguage, search, any, me, nobody, timeLeft, buyer, lastMessage, inboxEmpty
        case kindDirect, kindCommentThread, kindLivestream, kindReview
        case languageVietnamese, languageThai, languageMalay, languageIndonesian, languageFilipino, languageChinese, languageEnglish
        case open, pending, snoozed, resolved
        case noDeadline, overdue, hoursMinutes, minutesSeconds, platformCustom

        // A conversation: its forms, thread, reply box and buyer.
        case conversation, conversationMissing, back, resolve, reopen, snoozeFor, hours, tags, note, otherConversations, ordersAndProducts
        case template, chooseTemplate, reply, send, sendAnyway, blocked, warning, retry, internalNote
        case whatsAppTemplates, whatsAppWindowClosed, sendTemplate, templateValue, deadlineWorkspace, deadlinePlatform
        case senderAgent, senderAutoReply, senderChatbot, senderSystem
        case deliveryQueued, deliverySending, deliverySent, deliveryDelivered, deliveryRead, deliveryFailed
        case attachmentImage, attachmentSticker, attachmentVideo, attachmentFile, attachmentProduct, attachmentOrder

        // The service-level dashboard.
        case metricResponseRate24h, metricFirstResponse24h, metricResponse48h, metricResponseRate12h, metricChatResponseRate, metricFirstResponse
        case rateOk, rateWarning, rateBelow, rateAgainstThreshold, answeredInTime, forecastAnyway, forecastOne, forecastMany
        case firstResponseTitle, firstResponseChart, rateChart, dashboardEmpty, noneAtRisk
        case bucketUnderMinutes, bucketMinutes, bucketMinutesToHours, bucketHours, bucketOverHours

        // The templates page.
        case name, text, delete, save, templateHint, templateLanguageExample, templatesEmpty, templateInvalid

        // The catalog page and a SKU's stock history.
        case catalog, sku, product, onHand, reserved, available, saveCount, stockHistory, catalogEmpty, quantity, time, countInvalid
        case movementReceive, movementAdjust, movementStocktake, movementReserve, movementRelease, movementCommit, movementReturn
        // Each SKU's listings and their pushes to the platforms.
        case listings, noListings, listingCounts, pushPending, pushFailing, pushNotPushed
        case importProducts, importQueued, importDone, importFailed, unlinkedListings, linkListing, linkRefused, stockLow, stockOut, stockAskedAbout,
            stockHere
        case catalogImport, catalogImportHint, importCatalog, catalogExport, catalogImported, catalogRefused, lineNumber

        // Orders: the list, an order's page, the buyer's orders beside a conversation, late dispatch.
        case orders, ordersEmpty, order, placed, shipBy, shipByIn, total, items, tracking, payment, cashOnDelivery, shipTo, orderHistory
        case dispatchRisk, dispatchRiskHint, oversoldOrders, oversoldUnits, allOrders, atRiskOnly, oversoldOnly, filter, more
        case cancelOrder, cancelReason, noCancelReasons, platformRefused, returnReceived, buyerOrders, lateDispatch, lateDispatchLine
        case noneDispatched, shippedLate, restock, cancelFor, orderNumbered
        case orderAwaitingPayment, orderAwaitingShipment, orderReadyToShip, orderShipped, orderDelivered, orderCompleted, orderCancelled
        case orderReturned, orderRefunded
        case afterSales, afterSaleCancellation, afterSaleRefund, afterSaleReturn, afterSaleReplacement, approve, reject, comment, answerBy
        case awaitingAnswer, decidedApproved, decidedRejected, refundAmount, platformFigure, platformFigureTarget
        case reasonOutOfStock, reasonWrongPrice, reasonNotPaid, reasonUndeliverable, reasonCustomerRequest, reasonCODNotSupported

        // The agents page.
        case agents, role, roleOwner, roleAdmin, roleAgent, active, deactivated, deactivate, reactivate, issueResetCode, resetCodeIssued
        case agentsOwnersOnly

        // The error page.
        case errorHeading, errorBadRequest, errorUnauthorized, errorForbidden, errorNotFound, errorMethodNotAllowed, errorConflict
        case errorTooLarge, errorInvalid, errorUnavailable, errorInternal
    }
}
