package dev.rewind.notifier.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.rewind.events.Channel;

/** Someone Rewind may tell or page, with the roles they hold and how to reach them. */
public record Person(String name, Set<String> roles, String email, String phone, String chat, String pagerKey,
                     Availability availability) {

    /** The channels this person can be reached on, most urgent first: the order fallbacks follow. */
    public List<Channel> reachableBy(Contacts.ChannelSettings channels) {
        List<Channel> reachable = new ArrayList<>();
        if (channels.pager() != null && (pagerKey != null || channels.pager().routingKey() != null)) {
            reachable.add(Channel.PAGER);
        }
        if (channels.chat() != null && chat != null) {
            reachable.add(Channel.CHAT);
        }
        if (email != null) {
            reachable.add(Channel.MAIL);
        }
        return reachable;
    }

    /** Where this person gets a message on the channel: a routing key, a chat handle or an address. */
    public String address(Channel channel, Contacts.ChannelSettings channels) {
        return switch (channel) {
            case PAGER -> pagerKey != null ? pagerKey : channels.pager().routingKey();
            case CHAT -> chat;
            case MAIL -> email;
            case WEBHOOK -> throw new IllegalArgumentException("people are not webhooks");
        };
    }
}
