package io.charter.bench;

import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The write path: parse, validate and compile a managed policy of about 6 KB (the size limit). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyParseBenchmark {
    private String document;

    @Setup
    public void setup() {
        StringBuilder b = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < 20; i++) {
            b.append(i > 0 ? "," : "").append("{\"Sid\":\"S").append(i).append("\",\"Effect\":\"")
                    .append(i % 5 == 4 ? "Deny" : "Allow").append("\",\"Action\":[\"s3:Get*\",\"s3:List*\"],")
                    .append("\"Resource\":\"arn:aws:s3:::bucket-").append(i).append("/${aws:username}/*\",")
                    .append("\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},")
                    .append("\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}}");
        }
        document = b.append("]}").toString();
        if (!Policy.parse(document, PolicyType.IDENTITY).isValid()) {
            throw new IllegalStateException(Policy.parse(document, PolicyType.IDENTITY).errors().toString());
        }
    }

    @Benchmark
    public ParseResult parseAndCompile() {
        return Policy.parse(document, PolicyType.IDENTITY);
    }
}
