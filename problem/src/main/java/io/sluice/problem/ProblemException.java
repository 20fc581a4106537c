package io.sluice.problem;

/** A refusal the service decided on: it becomes a problem response with its status, never a 500. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not Found", what + " does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    public static ProblemException notEligible(String detail) {
        return new ProblemException(Problem.of(403, "Not eligible", detail));
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.ofField(422, "Unprocessable Content", field, message));
    }
}
