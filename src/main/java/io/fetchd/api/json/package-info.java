/**
 * JSON for the REST API, with nothing of HTTP: {@link io.fetchd.api.json.JsonWriter} (UTF-8
 * straight into Netty buffers), the result and summary documents, the encoded outcomes jobs keep,
 * the strict Jackson mapper and the strict UTF-8 check. The bottom of the API's packages.
 */
package io.fetchd.api.json;
