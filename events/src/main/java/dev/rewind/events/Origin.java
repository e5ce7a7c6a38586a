package dev.rewind.events;

/** How an incident came to be. */
public enum Origin {
    SIGNAL, MANUAL, USER_REPORT
}
