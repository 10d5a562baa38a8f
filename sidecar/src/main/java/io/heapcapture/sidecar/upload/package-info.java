/**
 * Compressing a dump as a stream and storing it through presigned multipart URLs: the sidecar holds
 * no storage credentials, only the authorization for one object.
 */
package io.heapcapture.sidecar.upload;
