import Foundation

/// Everything one platform push (or one read of a platform's API) brought for one channel account:
/// stored together in one transaction, or not at all.
public struct InboundPush: Sendable, Hashable {
    /// The channel account the push was addressed to; messages also name their own.
    public var channelAccountID: ChannelAccount.ID
    public var events: [InboundEvent]
    /// The push's exact bytes, kept when it carries something ShopDesk does not use yet.
    public var rawBody: [UInt8]

    public init(channelAccountID: ChannelAccount.ID, events: [InboundEvent], rawBody: [UInt8] = []) {
        self.channelAccountID = channelAccountID
        self.events = events
        self.rawBody = rawBody
    }

    /// Messages alone (a poll, the custom channel's API, tests); empty when there are none.
    public init(messages: [IncomingMessage]) {
        self.init(channelAccountID: messages.first?.channelAccountID ?? ChannelAccount.ID(rawValue: ""), events: messages.map(InboundEvent.message))
    }

    public var messages: [IncomingMessage] {
        self.events.compactMap { event in
            if case .message(let message) = event { return message }
            return nil
        }
    }
}
