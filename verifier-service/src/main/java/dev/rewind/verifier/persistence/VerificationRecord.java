package dev.rewind.verifier.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.rewind.verifier.checks.CheckResult;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "verification")
public class VerificationRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(nullable = false)
    public String deployment;
    @Column(nullable = false)
    public String directory;
    @Column(nullable = false)
    public String stage;
    @Column(name = "expected_version")
    public String expectedVersion;
    @Column(nullable = false)
    public String verdict;
    @Column(nullable = false)
    public String report;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<CheckResult> results;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
