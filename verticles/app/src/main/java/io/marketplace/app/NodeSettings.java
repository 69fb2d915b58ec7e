package io.marketplace.app;

import io.marketplace.common.config.AppConfig;

import java.nio.file.Path;
import java.util.List;

/** What one node should do, resolved from configuration and flags. */
record NodeSettings(
        AppConfig config,
        List<String> services,
        boolean clustered,
        Path clusterConfig,
        String clusterHost,
        Integer instances,
        boolean forceEmbeddedDb) {

    boolean hosts(String service) {
        return services.contains(service);
    }

    /** Instances of one verticle: the flag when given, else one per core for the gateway and one for services. */
    int instancesOf(String service, boolean isGateway) {
        if (instances != null) {
            return instances;
        }
        return isGateway ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
    }
}
