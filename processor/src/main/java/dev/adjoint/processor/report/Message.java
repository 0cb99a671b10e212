package dev.adjoint.processor.report;

/**
 * Every error Adjoint reports. Each says what is not supported and what to do instead; the
 * processor prints it on the offending tree.
 */
public enum Message {
  NOT_STATIC("@Differentiable method %s must be static: Adjoint differentiates static methods, and instance methods of classes and records; make it static, and pass what it reads from the object as parameters"),
  OVERRIDABLE_METHOD("@Differentiable instance method %s can be overridden in a subclass, whose method the generated gradient would not differentiate; make the method or its class final"),
  GENERIC_RECEIVER("@Differentiable instance method %s is in the generic class %s; make it static and pass what it reads from the object as parameters"),
  OVERRIDABLE_CALLEE("calling %s, which a subclass may override, is not supported in a @Differentiable method: the derivative would be of this class's method whatever the object is; make the method or its class final"),
  FIELD_ARRAY_AS_VALUE("the array field %s can be read here only by its elements (as in w[i]) and its length: a @Differentiable method treats fields as constants, so it must not be assigned to a variable, passed to a method or returned; read it in the method that needs it, or pass the array in as a parameter"),
  PRIVATE_INSTANCE_FIELD("field %s is private, so the generated class cannot read it; make it package-private"),
  PRIVATE_METHOD("@Differentiable method %s must not be private: the generated %s calls it; make it package-private"),
  PRIVATE_CLASS("@Differentiable method %s is in private class %s, which the generated %s cannot reach; make the class package-private"),
  INNER_CLASS("@Differentiable methods must be in a top-level class or a static nested class, not in %s"),
  GENERIC_METHOD("@Differentiable method %s must not have type parameters"),
  RETURN_TYPE("@Differentiable method %s returns %s; it must return double or double[]"),
  PARAMETER_TYPE("parameter %s has type %s, which Adjoint does not support; use double, double[] or double[][] (differentiated) or int, long, boolean and their arrays (constants)"),
  PARAMETER_NAMED_VALUE("parameter 'value' clashes with the 'value' component of the generated gradient record; rename the parameter"),
  DUPLICATE_NAME("@Differentiable method %2$s clashes with %1$s: both would generate %3$s; rename one of them (overloaded @Differentiable methods are not supported)"),
  LOCAL_TYPE("local variable %s has type %s, which Adjoint does not support; use double, int, long or boolean"),
  NO_BODY("@Differentiable method %s has no body to differentiate"),
  STATEMENT("%s is not supported in a @Differentiable method yet; %s"),
  MISSING_RETURN("@Differentiable method %s must end with a return statement"),
  EXPRESSION("%s is not supported in a @Differentiable method; %s"),
  ASSIGN_NON_LOCAL("only local variables and parameters can be assigned in a @Differentiable method; %s is neither"),
  LITERAL("%s literals are not supported; use a double, int or long literal"),
  UNKNOWN_NAME("Adjoint cannot resolve %s here; a @Differentiable method may use its parameters, locals and static final constants"),
  NOT_CONSTANT("field %s is not a static final constant; pass its value in as a @NoDerivative parameter"),
  TABLE_AS_VALUE("the table %s can be read here only by its elements (as in TABLE[i]) and its length: a @Differentiable method treats it as constants, so it must not be assigned to a variable, passed to a method or returned; copy what you need into a local array"),
  PRIVATE_TABLE("table %s is private, so the generated class cannot read it, and it cannot hold a copy: its initialiser is not numeric literals only, or its class does more with it than read elements and lengths; make it package-private"),
  PRIVATE_FIELD("field %s is private and not a compile-time constant, so the generated class cannot read it; make it package-private"),
  UNKNOWN_METHOD("Adjoint cannot resolve the method %s"),
  AMBIGUOUS_METHOD("Adjoint cannot choose between the overloads of %s; call one of them with arguments of its exact parameter types"),
  PRIVATE_CALLEE("%s is private, so the generated code cannot call it; make it package-private"),
  HIDDEN_ARRAY_WRITE("%s writes into its array parameter %s only through a call of another method, which Adjoint does not follow when it differentiates calls of %1$s; write the elements of %2$s in %1$s itself, or pass the other method a local array and copy it back element by element"),
  UNSEEN_ARRAY_WRITE("Adjoint cannot tell which arrays %s writes into (a local of the same name as one that refers to a parameter is written); give that local another name"),
  COMPILED_WRITES_ARRAYS("calling %s, which writes into the arrays it is given, is not supported when it is compiled without its source; compile it in the same build"),
  NOT_DIFFERENTIABLE_CALL("%s has no derivative: it is not @Differentiable, and Adjoint differentiates a method without @Differentiable only when it is in the same source file as its caller (so that its derivative is regenerated whenever that file is compiled); annotate it with @Differentiable, give it a derivative rule (@DerivativeOf), or compute its value outside and pass it in as a @NoDerivative parameter"),
  MISSING_GRAD("%s is @Differentiable, but its class was compiled without Adjoint: %s does not exist; compile %s with Adjoint's annotation processor on the processor path (annotationProcessorPaths in Maven, -processorpath for javac)"),
  IMPURE_MATH("%s is not supported: it is not a function of its arguments; pass such values in as @NoDerivative parameters"),
  MATH_NOT_DIFFERENTIABLE("%s has no derivative rule in Adjoint; its argument depends on a differentiated parameter here. Supported: %s"),
  ACTIVE_INTO_NO_DERIVATIVE("this argument depends on a differentiated parameter, but parameter %s of %s is @NoDerivative, so its derivative would be lost; remove @NoDerivative there"),
  CALL_ON_OBJECT("calling %s is not supported in a @Differentiable method: it is a method of the object %s, which Adjoint can neither differentiate nor know to leave the result alone; move it out of the method (to print or log, do it in the caller, with the value and partials the gradient returns)"),
  ARRAY_METHOD("%s is not supported in a @Differentiable method; write it as a loop over the array's elements"),
  ARRAY_OPERATION("%s is supported on one-dimensional arrays of one element type (double[], int[], long[], boolean[]), not on %s; %s"),
  CALL_STATEMENT_WITHOUT_SOURCE("calling %s as a statement is not supported in a @Differentiable method: its source is not part of this compilation, so Adjoint cannot tell what it changes; move it out of the method, or call a static method of this compilation instead"),
  LOCAL_CLASS_METHOD("@Differentiable method %s is in %s, which javac does not show annotation processors, so it would get no _Grad; move it to a top-level class or a static nested class"),
  RULE_NOT_STATIC("derivative rule %s must be static: the generated code calls it like a function of its arguments"),
  RULE_PRIVATE("derivative rule %s must not be private: the generated code calls it; make it package-private or public"),
  RULE_NO_TARGET("derivative rule %s describes no method: %s has no static method %s whose parameters the rule's first parameters repeat, in the same order and of the same types"),
  RULE_SIGNATURE("derivative rule %s does not fit %s: %s"),
  RULE_DUPLICATE("%s has two derivative rules, %s and %s; keep one"),
  RULE_NOT_VISIBLE("derivative rule %s is not public, and the generated code of this class, in another package, cannot call it; make it (and its class) public"),
  RECORD_UNSUPPORTED("the record %s cannot be differentiated component by component: %s"),
  RECORD_NAME_CLASH("record parameter %s is held as its components, and %s is the name of one of them, which another name of the method already has; rename the other"),
  RECORD_AS_VALUE("the record %s can be used here only through its accessors, as in %1$s.x(), assigned to a local of its type, passed to a method of this compilation or returned by a helper; passing records to methods compiled without source or to derivative rules, and returning them from a @Differentiable method, is not supported: pass or return the components"),
  RECORD_FROM("a record from %s is not supported in a @Differentiable method: a record is built with new, copied from another record variable, passed in as a parameter, or returned by a helper of this file (not private, without @Differentiable)"),
  RECORD_RETURNED("%s returns the record %s, whose component %s is a %s: a record returned by a method is carried as an array of doubles, so its components may be numbers, booleans and one-dimensional arrays of them; return the array of arrays from a method of its own, or pass it in and fill it"),
  CHECKPOINT_NO_LOOP("@CheckpointedLoop names the loop '%s', and %s has no loop of that label; label the loop, as in %1$s: for (...)"),
  CHECKPOINT_NESTED("the checkpointed loop '%s' is inside another loop, which is not supported yet; checkpoint the outer loop, or move the inner one into a method of its own"),
  CHECKPOINT_STATE("the checkpointed loop '%s' makes the array variable %s point to another array, which is not supported yet; copy into the array instead"),
  CHECKPOINT_SNAPSHOTS("@CheckpointedLoop's snapshots must be 1 or more, or 0 for the default; it is %s"),
  FLOAT_TYPE("float arrays are not supported; use double[]"),
  FLOAT_FROM_LONG("converting a long to float is not supported (Adjoint computes float arithmetic in double, and a long above 2^53 would round twice); convert it to double, or compute in double"),
  FLOAT_CALL("passing a float to or from %s, which has a derivative rule, is not supported yet: give the method and its rule double parameters and result"),
  FLOAT_MATH("%s of a float is not supported; call it on a double, as in %1$s((double) x)"),
  TREES_UNAVAILABLE("Adjoint needs javac's Trees API to read method bodies and cannot find it in this compiler (%s); use javac (Maven, Gradle or IntelliJ with javac) rather than ECJ"),
  OUT_OF_STACK("Adjoint ran out of stack %s: an expression nests too deeply; split it into several statements, or the method into smaller methods"),
  OUT_OF_MEMORY("Adjoint ran out of memory %s; split the method into smaller methods, or give javac more memory (javac -J-Xmx2g, or -Xmx2g in MAVEN_OPTS)"),
  WRITE_FAILED("Adjoint failed writing %s (%s); please report it with this class's source"),
  ROUND_FAILED("Adjoint failed (%s); please report it with the sources of this compilation"),
  INTERNAL("Adjoint failed on this method (%s); please report it with this method's source");

  private final String format;

  Message(String format) {
    this.format = format;
  }

  public String format(Object... args) {
    return String.format(format, args);
  }
}
