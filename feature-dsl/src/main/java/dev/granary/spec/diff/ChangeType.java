package dev.granary.spec.diff;

/** How an object differs between two specs. */
public enum ChangeType {
    ADDED("+"), REMOVED("-"), CHANGED("~");

    private final String symbol;

    ChangeType(String symbol) {
        this.symbol = symbol;
    }

    /** {@code +}, {@code -} or {@code ~}, as in a Terraform plan. */
    public String symbol() {
        return symbol;
    }
}
