package io.qmkdc.actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per group key epoch the KDC issues (the first time it sends that epoch's G_k anywhere):
 * {@code QMKDC-ISSUED {"group":…,"epoch":…,"epochBase":…,"atMs":…}} on the logger {@value #LOGGER}, off
 * unless QMKDC_ISSUING_LOG_LEVEL=INFO (the load driver's node JVMs). The epoch base names the KDC
 * incarnation, the node's log file the node: from these records {@code load} finds whether two incarnations
 * issued keys for one group in overlapping intervals (split brain). No key material, only numbers.
 */
final class IssuingRecord {
    static final String LOGGER = "io.qmkdc.issuing";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private IssuingRecord() {
    }

    /** Records {@code epoch} of {@code group} once: the caller keeps the last epoch recorded. */
    static long issued(String group, long epoch, long epochBase, long lastRecorded) {
        if (epoch > lastRecorded && LOG.isInfoEnabled()) {
            LOG.info("QMKDC-ISSUED {\"group\":\"{}\",\"epoch\":{},\"epochBase\":{},\"atMs\":{}}", group, epoch, epochBase,
                    System.currentTimeMillis());
        }
        return Math.max(epoch, lastRecorded);
    }
}
