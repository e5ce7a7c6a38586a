package dev.rewind.events;

/** Input larger than the contract accepts (REST answers 413). */
public class OversizedInputException extends InvalidEventException {
    public OversizedInputException(String field, String problem) {
        super(field, problem);
    }
}
