package io.heapcapture.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ObjectStoreFailureTest {
  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
    "404, NoSuchBucket, BucketNotFound",
    "403, AccessDenied, StorageAccessDenied",
    "403, SignatureDoesNotMatch, StorageAccessDenied",
    "401, Unauthorized, StorageAccessDenied",
    "503, SlowDown, StorageUnavailable",
    "500, InternalError, StorageUnavailable",
    "404, NoSuchKey, StorageError",
    "400, InvalidPart, StorageError",
  })
  void mapsTheStoresAnswerToAFailure(int status, String code, StorageFailure expected) {
    S3Exception e =
        (S3Exception)
            S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();

    assertThat(S3ObjectStore.failureOf(e)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"403, StorageAccessDenied", "503, StorageUnavailable", "400, StorageError"})
  void anAnswerWithoutErrorDetailsIsJudgedByItsStatus(int status, StorageFailure expected) {
    S3Exception e = (S3Exception) S3Exception.builder().statusCode(status).build();

    assertThat(S3ObjectStore.failureOf(e)).isEqualTo(expected);
  }
}
