package io.switchboard.contracts;

/**
 * CloudEvents 1.0 binary mode over Kafka: the attributes travel as record headers, the record value is
 * the JSON {@code data}. Extension attributes are lower-case, as the spec requires.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_CONTENT_TYPE = "content-type";
    public static final String TENANT_ID = "ce_tenantid";
    public static final String SEQUENCE = "ce_sequence";
    public static final String CUSTOMER_ID = "ce_customerid";
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
