import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compile, type Diagram, diagramFileText, diagramToFormula, emptyDiagram, evaluate, FormulaError, formulaToDiagram, loadDiagram, semanticText,
} from '../../core'

// Formulas: the grammar (precedence, associativity, numbers, statements), the diagram a formula becomes
// (input order, shared subexpressions, layout), the user-facing error messages, formulas nested or long
// enough to break a recursive parser, and printing diagrams back as formulas that parse to the same function.

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Evaluates a formula's diagram; `x` is in the diagram's input order (names sorted naturally). */
function run(text: string, ...x: number[]): number[] {
  return evaluate(compile(formulaToDiagram(text)), x)
}

function failure(text: string): FormulaError {
  try {
    formulaToDiagram(text)
  } catch (err) {
    if (err instanceof FormulaError) return err
    throw err
  }
  throw new Error(`no error for ${JSON.stringify(text)}`)
}

const message = (text: string) => failure(text).message

/** Bitwise equality of doubles, NaN included (Object.is tells -0 from 0 and NaN equals NaN). */
function sameBits(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}

/** A diagram from short specs: wire ends are `node.port` or a terminal id alone. */
function build(spec: {
  inputs?: [string, string][]
  outputs?: [string, string][]
  blocks?: [string, string, Record<string, number>?][]
  wires?: [string, string][]
}): Diagram {
  const d = emptyDiagram('Built')
  const end = (s: string) => (s.includes('.') ? { node: s.split('.')[0], port: s.split('.')[1] } : { node: s, port: 'value' })
  for (const [id, name] of spec.inputs ?? []) d.inputs.push({ id, name, value: 0 })
  for (const [id, name] of spec.outputs ?? []) d.outputs.push({ id, name })
  for (const [id, primitive, params] of spec.blocks ?? []) d.blocks.push({ id, primitive, params: params ?? {} })
  ;(spec.wires ?? []).forEach(([from, to], i) => d.wires.push({ id: `w${i + 1}`, from: end(from), to: end(to) }))
  return d
}

// ---------------------------------------------------------------------------------------------------

describe('precedence and associativity, checked by evaluating the diagram', () => {
  it('^ binds tighter than unary minus: -x^2 is -(x^2), -2^2 is -(2^2)', () => {
    expect(run('-x^2', 3)).toEqual([-(3 ** 2)])
    expect(run('-2^2')).toEqual([-4])
    expect(run('-x^2 + 10', 3)).toEqual([1])
  })

  it('a minus after ^ negates the power: 2^-y is 2^(-y), x^-y^2 is x^(-(y^2))', () => {
    expect(run('2^-y', 2)).toEqual([0.25])
    expect(run('x^-y^2', 2, 3)).toEqual([2 ** -9])
  })

  it('^ is right-associative: a^b^c is a^(b^c)', () => {
    expect(run('a^b^c', 2, 3, 2)).toEqual([2 ** 9])
    expect(run('(a^b)^c', 2, 3, 2)).toEqual([64])
  })

  it('- and / are left-associative: a-b-c is (a-b)-c, a/b/c is (a/b)/c', () => {
    expect(run('a-b-c', 10, 4, 3)).toEqual([3])
    expect(run('a/b/c', 24, 4, 3)).toEqual([2])
    expect(run('a - b + c', 10, 4, 3)).toEqual([9])
    expect(run('a / b * c', 24, 4, 3)).toEqual([18])
  })

  it('* and / bind tighter than + and -, and parentheses group', () => {
    expect(run('a + b * c^2', 1, 2, 3)).toEqual([19])
    expect(run('(a + b) * c', 1, 2, 3)).toEqual([9])
    expect(run('a - b / c', 1, 6, 3)).toEqual([-1])
  })

  it('chains of unary minus and plus', () => {
    expect(run('--x', 3)).toEqual([3])
    expect(run('- - -x', 3)).toEqual([-3])
    expect(run('-(-(-x))', 3)).toEqual([-3])
    expect(run('-+-x', 3)).toEqual([3])
    expect(run('+x', 3)).toEqual([3])
    expect(run('x - -y', 5, 2)).toEqual([7])
    expect(run('2*-x', 3)).toEqual([-6])
    expect(run('-x*-y', 3, 2)).toEqual([6])
  })

  it('numbers with exponents, a leading or trailing point', () => {
    const d = formulaToDiagram('n1 = 1e-3; n2 = 2.5E+2; n3 = .5; n4 = 5.; n5 = 1.5e3; n6 = 0.1; n7 = 7E0')
    expect(evaluate(compile(d), [])).toEqual([0.001, 250, 0.5, 5, 1500, 0.1, 7])
    expect(d.blocks.map((b) => b.primitive)).toEqual(Array(7).fill('constant'))
    expect(d.blocks.map((b) => b.params.value)).toEqual([0.001, 250, 0.5, 5, 1500, 0.1, 7])
  })

  it('pi and e are the constants, as blocks of their own', () => {
    const d = formulaToDiagram('pi * e')
    expect(d.blocks.map((b) => b.primitive).sort()).toEqual(['e', 'mul', 'pi'])
    expect(d.inputs).toEqual([])
    expect(evaluate(compile(d), [])).toEqual([Math.PI * Math.E])
    expect(run('e^x', 2)).toEqual([Math.E ** 2])
  })

  it('comparisons choose the branch of select, and bind looser than arithmetic', () => {
    const ops: Record<string, (a: number, b: number) => boolean> = {
      '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b,
      '>=': (a, b) => a >= b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
    }
    for (const [op, js] of Object.entries(ops)) {
      const s = compile(formulaToDiagram(`select(x ${op} y, 10, 20)`))
      for (const [a, b] of [[1, 2], [2, 2], [3, 2]]) expect(evaluate(s, [a, b])).toEqual([js(a, b) ? 10 : 20])
    }
    expect(run('select(x + 1 > 2*y, x, y)', 3, 1)).toEqual([3])
    expect(run('select(x + 1 > 2*y, x, y)', 1, 2)).toEqual([2])
  })

  it('let makes a local that is not an output', () => {
    const d = formulaToDiagram('let t = x + 1\nf = t * t')
    expect(d.outputs.map((o) => o.name)).toEqual(['f'])
    expect(d.inputs.map((i) => i.name)).toEqual(['x'])
    expect(evaluate(compile(d), [2])).toEqual([9])
  })

  it("several outputs, separated by ';' or by new lines (LF or CRLF), in order", () => {
    for (const text of ['a = x + 1; b = x * 2', 'a = x + 1\nb = x * 2', 'a = x + 1\r\nb = x * 2\r\n', '\n\na = x + 1;;\n\nb = x * 2;']) {
      const d = formulaToDiagram(text)
      expect(d.outputs.map((o) => o.name)).toEqual(['a', 'b'])
      expect(evaluate(compile(d), [3])).toEqual([4, 6])
    }
  })

  it("a bare expression is the output 'f'", () => {
    const d = formulaToDiagram('x + 1')
    expect(d.outputs.map((o) => o.name)).toEqual(['f'])
    expect(evaluate(compile(d), [1.5])).toEqual([2.5])
  })

  it('a new line inside parentheses continues the statement', () => {
    expect(run('f = (x +\n 1)', 2)).toEqual([3])
  })

  it('# starts a comment that runs to the end of the line (a ; in it ends nothing)', () => {
    const d = formulaToDiagram('f = x + 1 # plus one; g = 2\n# a whole line\nh = x * 3 # the end')
    expect(d.outputs.map((o) => o.name)).toEqual(['f', 'h'])
    expect(evaluate(compile(d), [3])).toEqual([4, 9])
  })

  it('names in backticks may hold spaces and symbols; `x` is the same input as x', () => {
    const d = formulaToDiagram('`total cost` = `flow rate` * 2 + `Δt (s)`')
    expect(d.inputs.map((i) => i.name)).toEqual(['flow rate', 'Δt (s)'])
    expect(d.outputs.map((o) => o.name)).toEqual(['total cost'])
    expect(evaluate(compile(d), [1.5, 10])).toEqual([13])
    const same = formulaToDiagram('`x` + x')
    expect(same.inputs.map((i) => i.name)).toEqual(['x'])
    expect(evaluate(compile(same), [2])).toEqual([4])
  })

  it('a name in backticks is never a function or a constant: `sin` and `pi` are inputs', () => {
    const d = formulaToDiagram('`sin` * sin(`pi`) + pi')
    expect(d.inputs.map((i) => i.name)).toEqual(['pi', 'sin'])
    expect(evaluate(compile(d), [0.5, 2])).toEqual([2 * Math.sin(0.5) + Math.PI])
  })

  it('a name in backticks may name an output even when it spells a constant: `e` = x', () => {
    const d = formulaToDiagram('`e` = x * 2')
    expect(d.outputs.map((o) => o.name)).toEqual(['e'])
    expect(evaluate(compile(d), [4])).toEqual([8])
  })
})

describe('the diagram a formula becomes', () => {
  it('orders inputs naturally by name (x2 before x10), whatever order they appear in', () => {
    const d = formulaToDiagram('x10 + x2 * x1')
    expect(d.inputs.map((i) => i.name)).toEqual(['x1', 'x2', 'x10'])
    expect(evaluate(compile(d), [1, 2, 10])).toEqual([12])
    expect(formulaToDiagram('b - a').inputs.map((i) => i.name)).toEqual(['a', 'b'])
  })

  it('takes input values from the options; an input left out starts at 0', () => {
    const d = formulaToDiagram('x * y + z', { values: { x: 1.5, z: -2 } })
    expect(d.inputs.map((i) => [i.name, i.value])).toEqual([['x', 1.5], ['y', 0], ['z', -2]])
  })

  it('an input left out starts at 0 even when its name is an Object property (constructor, __proto__)', () => {
    const d = formulaToDiagram('constructor + __proto__ + toString', { values: {} })
    expect(d.inputs.map((i) => [i.name, i.value])).toEqual([['__proto__', 0], ['constructor', 0], ['toString', 0]])
  })

  it('a repeated subexpression becomes one block whose output feeds several wires', () => {
    const d = formulaToDiagram('sin(x)^2 + sin(x)')
    const sines = d.blocks.filter((b) => b.primitive === 'sin')
    expect(sines).toHaveLength(1)
    expect(d.wires.filter((w) => w.from.node === sines[0].id)).toHaveLength(2)
    expect(d.inputs).toHaveLength(1)
    expect(d.wires.filter((w) => w.from.node === d.inputs[0].id)).toHaveLength(1)
    expect(evaluate(compile(d), [0.7])).toEqual([Math.sin(0.7) ** 2 + Math.sin(0.7)])
  })

  it('different subexpressions stay different blocks: sin(x) + sin(y)', () => {
    const d = formulaToDiagram('sin(x) + sin(y)')
    expect(d.blocks.filter((b) => b.primitive === 'sin')).toHaveLength(2)
  })

  it('numbers are constant blocks, one per distinct number', () => {
    const d = formulaToDiagram('3*x + 4*y + 3')
    const constants = d.blocks.filter((b) => b.primitive === 'constant')
    expect(constants.map((b) => b.params.value).sort()).toEqual([3, 4])
    expect(d.inputs.map((i) => i.name)).toEqual(['x', 'y'])
    expect(d.wires.filter((w) => w.from.node === constants.find((b) => b.params.value === 3)!.id)).toHaveLength(2)
    expect(evaluate(compile(d), [2, 5])).toEqual([29])
  })

  it('lays blocks out left to right: every wire runs to the right, inputs leftmost, outputs rightmost', () => {
    for (const text of ['x1*x2 + log(x1^2)', 'f = sin(cos(tan(x))) + y; g = y * 2', 'select(x > 0, sqrt(x), -x)']) {
      const d = formulaToDiagram(text)
      const x = (id: string) => d.layout.positions[id].x
      const nodes = [...d.inputs, ...d.outputs, ...d.blocks].map((n) => n.id)
      expect(Object.keys(d.layout.positions).sort()).toEqual([...nodes].sort())
      for (const w of d.wires) expect(x(w.to.node)).toBeGreaterThan(x(w.from.node))
      const inputXs = d.inputs.map((t) => x(t.id))
      const blockXs = d.blocks.map((b) => x(b.id))
      for (const t of d.outputs) expect(x(t.id)).toBeGreaterThan(Math.max(...blockXs))
      expect(Math.max(...inputXs)).toBeLessThan(Math.min(...blockXs))
    }
  })
})

describe('errors, with their exact messages', () => {
  it('an unknown function names its column and suggests the nearest one', () => {
    expect(message('sine(x)')).toBe("unknown function 'sine' at column 1; did you mean 'sin'?")
    expect(message('f = cosine(x)')).toBe("unknown function 'cosine' at column 5; did you mean 'cos'?")
    expect(message('sqr(x)')).toBe("unknown function 'sqr' at column 1; did you mean 'sqrt'?")
    expect(message('lg(x)')).toBe("unknown function 'lg' at column 1; did you mean 'log10'?")
    expect(message('Sin(x)')).toBe("unknown function 'Sin' at column 1; did you mean 'sin'?")
    expect(failure('sine(x)')).toMatchObject({ detail: "unknown function 'sine'", at: { line: 1, column: 1 }, hint: "; did you mean 'sin'?" })
  })

  it("atan3(y, x) suggests atan2, the function with one letter changed and the same two arguments", () => {
    expect(message('atan3(y, x)')).toBe("unknown function 'atan3' at column 1; did you mean 'atan2'?")
  })

  it('a suggestion is always something that can be called with arguments (not the constant e)', () => {
    expect(message('f(x)')).toBe("unknown function 'f' at column 1")
  })

  it('internal instructions are not functions of the formula language', () => {
    expect(message('fmod(x, y)')).toBe("unknown function 'fmod' at column 1")
    expect(message('trunc(x)')).toMatch(/^unknown function 'trunc' at column 1/)
    expect(message('roundHalfUp(x)')).toMatch(/^unknown function 'roundHalfUp' at column 1/)
  })

  it('a wrong number of arguments names the primitive and its ports', () => {
    expect(message('atan2(x)')).toBe("'atan2' takes 2 arguments (y, x) but is given 1 at column 1")
    expect(message('sin(x, y)')).toBe("'sin' takes 1 argument (x) but is given 2 at column 1")
    expect(message('sin()')).toBe("'sin' takes 1 argument (x) but is given 0 at column 1")
    expect(message('f = 1 + select(x > 0, 1)')).toBe("'select' takes 3 arguments (s, t, f) but is given 2 at column 9")
  })

  it('an output defined twice, and a second bare expression', () => {
    expect(message('f = x; f = y')).toBe("'f' is defined twice (first at column 1) at column 8")
    expect(message('f = x\nf = y')).toBe("'f' is defined twice (first at line 1, column 1) at line 2, column 1")
    expect(message('let t = x; t = 2')).toBe("'t' is defined twice (first at column 5) at column 12")
    expect(message('x + 1; y')).toBe('a second unnamed expression at column 8; name each output, as in f = ...; g = ...')
  })

  it("unbalanced parentheses, both ways, with the column of the unclosed '('", () => {
    expect(message('f = (x + (y * 2)')).toBe("unbalanced parentheses: '(' is never closed at column 5")
    expect(message('f = sin(x')).toBe("unbalanced parentheses: 'sin(' is never closed at column 5")
    expect(message('f = x + 1)')).toBe("unbalanced ')': nothing to close at column 10")
    expect(message('f = (x))')).toBe("unbalanced ')': nothing to close at column 8")
  })

  it('stray characters, a number glued to a name, a missing operand or operator', () => {
    expect(message('x $ 2')).toBe("unexpected character '$' (U+0024) at column 3")
    expect(message('2x')).toBe("'2x' is not a number at column 1; write '2*x' for a product")
    expect(message('f = 3.5kg')).toBe("'3.5kg' is not a number at column 5; write '3.5*kg' for a product")
    expect(message('f = ')).toBe("expected a number, a name or '(' but found the end of the formula at column 5")
    expect(message('x y')).toBe("expected an operator before 'y' at column 3")
    expect(message('sin(x,)')).toBe("expected a number, a name or '(' but found ')' at column 7")
    expect(message('1e999')).toBe('the number is too large for a double at column 1')
  })

  it('a name used before it is defined', () => {
    expect(message('f = t + 1\nlet t = x')).toBe("'t' is used before it is defined at column 5")
  })

  it('a Boolean output, and a comparison where a number is needed', () => {
    expect(message('x > 1')).toBe("output 'f' is a comparison (true or false); outputs are numbers: use select(...) at column 3")
    expect(message('sin(x > 1)')).toBe(
      "a comparison is true or false, not a number; it can only choose the branch of select (first argument of 'sin') at column 7",
    )
    expect(message('x + (y > 1)')).toBe(
      "a comparison is true or false, not a number; it can only choose the branch of select (second argument of '+') at column 8",
    )
    expect(message('select(x, 1, 2)')).toBe("the first argument of 'select' must be a comparison such as x > 0 at column 8")
  })

  it('a function name used as a variable, a reserved name as an output or local', () => {
    expect(message('sin + 1')).toBe("'sin' is a function; call it as sin(...) at column 1")
    expect(message('f = 2 * exp')).toBe("'exp' is a function; call it as exp(...) at column 9")
    expect(message('pi = 3')).toBe("'pi' is a function or constant and cannot be a name at column 1; write `pi` to use it as a name")
    expect(message('let sin = x')).toBe("'sin' is a function or constant and cannot be a name at column 5; write `sin` to use it as a name")
  })

  it('comparisons do not chain', () => {
    expect(message('a < b < c')).toBe("comparisons do not chain at column 7; compare two values at a time and combine the results with select(...)")
    expect(message('select(0 < x <= 1, x, 0)')).toBe("comparisons do not chain at column 14; compare two values at a time and combine the results with select(...)")
  })

  it("the keyword 'let' where a value is expected is a FormulaError, not a crash", () => {
    for (const text of ['f = let * 2', 'let + 1', 'let']) {
      expect(failure(text).message).toMatch(/'let'/)
    }
    expect(failure('f = let * 2').at).toEqual({ line: 1, column: 5 })
  })

  it('random token soup never throws anything but a FormulaError, and what converts prints and converts again (seeded)', () => {
    const token = fc.constantFrom(
      'x', 'y', 't', 'f', 'let', 'sin', 'atan2', 'select', 'sincos', 'pi', 'e', 'constant', '(', ')', ',', '+', '-', '*',
      '/', '^', '=', '>', '<=', '==', '1', '2.5', '-0', '1e308', ';', '\n', '`a b`', '`sin`', '#', '$',
    )
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), fc.boolean(), (tokens, spaced) => {
        const text = tokens.join(spaced ? ' ' : '')
        let d: Diagram
        try {
          d = formulaToDiagram(text)
        } catch (err) {
          if (err instanceof FormulaError) return
          throw new Error(`${JSON.stringify(text)} threw ${String(err)}`)
        }
        const printed = diagramToFormula(d)
        expect(diagramToFormula(formulaToDiagram(printed))).toBe(printed)
      }),
      { seed: 99, numRuns: 3000 },
    )
  })

  it('multi-output primitives cannot be called in a formula', () => {
    expect(message('sincos(x)')).toBe("'sincos' has 2 outputs; call sin(...) and cos(...) instead at column 1")
    expect(message('f = maxmin(x, y)')).toBe("'maxmin' has 2 outputs; call max(...) and min(...) instead at column 5")
  })

  it('an empty formula', () => {
    expect(message('')).toBe('the formula is empty at column 1')
    expect(message('\n\n;\n')).toMatch(/^the formula is empty at /)
    expect(message('# nothing but a comment')).toMatch(/^the formula is empty at /)
  })

  it('line and column on multi-line input', () => {
    expect(message('f = x\ng = (y +\n 1')).toBe("unbalanced parentheses: '(' is never closed at line 2, column 5")
    expect(message('a = 1\nb = 2 +* 3')).toBe("expected a number, a name or '(' but found '*' at line 2, column 8")
    expect(message('f = x\n  g = sine(y)')).toBe("unknown function 'sine' at line 2, column 7; did you mean 'sin'?")
    expect(failure('f = x\n\ng = y $')).toMatchObject({ at: { line: 3, column: 7 } })
  })
})

describe('names follow the rule of diagram files', () => {
  it('a name with a space at its start or end is refused at its place', () => {
    const e = failure('`a ` + 1')
    expect(e.message).toBe('the name `a ` must not start or end with a space at column 1')
    expect(e.at).toEqual({ line: 1, column: 1 })
    expect(message('f = x + ` b`')).toBe('the name ` b` must not start or end with a space at column 9')
    expect(message('` out` = 1')).toBe('the name ` out` must not start or end with a space at column 1')
  })

  it('a tab or a carriage return inside backticks is refused, and written out in the message', () => {
    expect(message('x + `b\tc`')).toBe('the name `b\\tc` must not contain control characters or backticks at column 5')
    expect(message('`b\rc` + 1')).toBe('the name `b\\rc` must not contain control characters or backticks at column 1')
  })

  it('a name of 200 characters is accepted and one of 201 refused, bare or in backticks', () => {
    const bare = 'a'.repeat(200)
    const quoted = 'b c'.padEnd(200, 'd')
    const d = formulaToDiagram(`${bare} + \`${quoted}\``)
    expect(d.inputs.map((t) => t.name)).toEqual([bare, quoted])
    expect(message(`${bare}a + 1`)).toBe(`the name \`${'a'.repeat(40)}…\` must be at most 200 characters at column 1`)
    expect(message(`x + \`${quoted}d\``)).toBe(`the name \`${quoted.slice(0, 40)}…\` must be at most 200 characters at column 5`)
    expect(message(`${'s'.repeat(201)}(x)`)).toBe(`the name \`${'s'.repeat(40)}…\` must be at most 200 characters at column 1`)
  })

  it('every diagram a formula makes saves as a file that opens again, even with names at the limit', () => {
    const d = formulaToDiagram(`\`${'é'.repeat(200)}\` = \`${'x y'.padEnd(200, 'z')}\` * ${'q'.repeat(200)}`)
    const file = diagramFileText(d)
    if (!file.ok) throw new Error(file.message)
    const back = loadDiagram(file.text)
    expect(back.ok && semanticText(back.diagram)).toBe(semanticText(d))
  })

  it('an unknown function gets a suggestion only when its name has at most 32 characters', () => {
    expect(message(`${'sin' + 'e'.repeat(29)}(x)`)).toBe(`unknown function '${'sin' + 'e'.repeat(29)}' at column 1; did you mean 'sin'?`)
    expect(message(`${'sin' + 'e'.repeat(30)}(x)`)).toBe(`unknown function '${'sin' + 'e'.repeat(30)}' at column 1`)
  })

  it('a message quotes at most 40 characters of a number glued to a name', () => {
    expect(message(`${'1'.repeat(100)}abc`)).toBe(`'${'1'.repeat(40)}…' is not a number at column 1; write '${'1'.repeat(40)}…*abc' for a product`)
  })
})

describe('scale: no recursion, linear time', () => {
  const N = 30_000

  it('30,000 nested parentheses', () => {
    expect(run('('.repeat(N) + 'x + 1' + ')'.repeat(N), 2)).toEqual([3])
  })

  it('30,001 unary minuses', () => {
    const d = formulaToDiagram('-'.repeat(N + 1) + 'x')
    expect(evaluate(compile(d), [2.5])).toEqual([-2.5])
  })

  it('sin(sin(...(x))) 30,000 deep, equal to the same loop in plain JS', () => {
    const d = formulaToDiagram('sin('.repeat(N) + 'x' + ')'.repeat(N))
    expect(d.blocks).toHaveLength(N)
    let expected = 0.5
    for (let k = 0; k < N; k++) expected = Math.sin(expected)
    expect(evaluate(compile(d), [0.5])).toEqual([expected])
  })

  it('an unclosed call 30,000 deep is refused with a message, not a stack overflow', () => {
    expect(message('f = ' + 'sin('.repeat(N) + 'x')).toBe("unbalanced parentheses: 'sin(' is never closed at column 120001")
  })

  it('a 4 MB line of names in backticks ending in an unclosed one is refused without rescanning the line', () => {
    // Each backtick used to look for the end of the line afresh: about 20 s for this text, quadratic in it.
    const text = '`a`+'.repeat(1_000_000) + '`'
    const start = performance.now()
    expect(message(text)).toBe('unclosed backtick at column 4000001')
    expect((performance.now() - start) / 1000).toBeLessThan(8)
  })

  it('a megabyte-long unknown function name is refused quickly, quoting 40 characters of it', () => {
    // Spell-checking it against every function took seconds; the name is over the limit in any case.
    const start = performance.now()
    expect(message(`f = ${'q'.repeat(1_000_000)}(x)`)).toBe(`the name \`${'q'.repeat(40)}…\` must be at most 200 characters at column 5`)
    expect((performance.now() - start) / 1000).toBeLessThan(2)
  })

  it('a one-megabyte formula x1 + x2 + ... converts in a few seconds and evaluates to the right sum', () => {
    const terms: string[] = []
    let length = 0
    while (length <= 1_000_000) {
      terms.push(`x${terms.length + 1}`)
      length += terms[terms.length - 1].length + 1
    }
    const text = terms.join('+')
    expect(text.length).toBeGreaterThanOrEqual(1_000_000)
    const k = terms.length
    const start = performance.now()
    const d = formulaToDiagram(text)
    expect((performance.now() - start) / 1000).toBeLessThan(5)
    expect(d.inputs).toHaveLength(k)
    expect([d.inputs[0].name, d.inputs[9].name, d.inputs[k - 1].name]).toEqual(['x1', 'x10', `x${k}`])
    const x = Array.from({ length: k }, (_, i) => i + 1)
    expect(evaluate(compile(d), x)).toEqual([(k * (k + 1)) / 2])
  })
})

describe('printing a diagram as formulas', () => {
  // A small grammar over + - * / ^ neg, sin cos exp log sqrt, atan2 hypot max min, select(comparison, a, b),
  // with constants that include negative, tiny and huge numbers. Written fully parenthesised; the printer
  // decides its own parentheses.
  const CONSTANTS = [
    '0', '1', '2', '3', '0.5', '2.75', '10', '-1', '-2.5', '-0', '1e-300', '-1e-300', '5e-324',
    '1.7976931348623157e308', '-1.7976931348623157e308', '1e308', 'pi', 'e',
  ]
  const leaf = fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.constantFrom(...CONSTANTS))
  const { num } = fc.letrec<{ num: string }>((tie) => ({
    num: fc.oneof(
      { maxDepth: 5, depthSize: 'small' },
      leaf,
      fc.tuple(fc.constantFrom('+', '-', '*', '/', '^'), tie('num'), tie('num')).map(([op, a, b]) => `(${a} ${op} ${b})`),
      tie('num').map((a) => `-${a}`),
      tie('num').map((a) => `(${a} * ${a})`), // a written-twice subexpression
      fc.tuple(fc.constantFrom('sin', 'cos', 'exp', 'log', 'sqrt'), tie('num')).map(([f, a]) => `${f}(${a})`),
      fc.tuple(fc.constantFrom('atan2', 'hypot', 'max', 'min'), tie('num'), tie('num')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      fc
        .tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('num'), tie('num'), tie('num'), tie('num'))
        .map(([op, a, b, t, f]) => `select(${a} ${op} ${b}, ${t}, ${f})`),
    ),
  }))
  const formula = fc.array(num, { minLength: 1, maxLength: 3 }).map((es) => es.map((e, i) => `f${i + 1} = ${e}`).join('\n'))
  const value = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, 2, 0.5, -3.75, 1e-300, 1e300, NaN, Infinity, -Infinity))
  const points = fc.array(fc.tuple(value, value, value), { minLength: 4, maxLength: 4 })

  it('prints formulas that parse back to the same function, bit for bit, and prints them again the same (seeded)', () => {
    fc.assert(
      fc.property(formula, points, (text, xs) => {
        const d1 = formulaToDiagram(text)
        const printed = diagramToFormula(d1)
        const d2 = formulaToDiagram(printed)
        expect(d2.inputs.map((i) => i.name)).toEqual(d1.inputs.map((i) => i.name))
        expect(d2.outputs.map((o) => o.name)).toEqual(d1.outputs.map((o) => o.name))
        const s1 = compile(d1)
        const s2 = compile(d2)
        for (const p of xs) {
          const x = p.slice(0, d1.inputs.length)
          const a = evaluate(s1, x)
          const b = evaluate(s2, x)
          if (!sameBits(a, b)) throw new Error(`${JSON.stringify(text)} printed as ${JSON.stringify(printed)}: ${a} vs ${b} at ${x}`)
        }
        expect(diagramToFormula(d2)).toBe(printed)
      }),
      { seed: 424242, numRuns: 300 },
    )
  })

  it('the generator did produce shared blocks, negative and extreme constants and selects', () => {
    const samples = fc.sample(formula, { seed: 424242, numRuns: 300 }).join('\n')
    for (const piece of ['select(', '-1.7976931348623157e308', '5e-324', '1e-300', 'atan2(', ' ^ ']) expect(samples).toContain(piece)
    const printed = fc.sample(formula, { seed: 424242, numRuns: 300 }).map((t) => diagramToFormula(formulaToDiagram(t))).join('\n')
    expect(printed).toContain('let t1 = ')
  })

  it('prints simple formulas as written', () => {
    expect(diagramToFormula(formulaToDiagram('x1*x2 + log(x1^2)'))).toBe('f = x1 * x2 + log(x1^2)')
    expect(diagramToFormula(formulaToDiagram('r = sqrt(x^2 + y^2); theta = atan2(y, x)'))).toBe('r = sqrt(x^2 + y^2)\ntheta = atan2(y, x)')
    expect(diagramToFormula(formulaToDiagram('a - (b - c) - d / (e1 * f1)'))).toBe('f = a - (b - c) - d / (e1 * f1)')
    expect(diagramToFormula(formulaToDiagram('-x^y + (-y)^x + 2^-z'))).toBe('f = -x^y + (-y)^x + 2^(-z)')
    expect(diagramToFormula(formulaToDiagram('select(x + 1 > y, x, -y)'))).toBe('f = select(x + 1 > y, x, -y)')
  })

  it('prints a block read in several places as a let line, with a name no input uses', () => {
    expect(diagramToFormula(formulaToDiagram('f = sin(x)^2 + sin(x)'))).toBe('let t1 = sin(x)\nf = t1^2 + t1')
    expect(diagramToFormula(formulaToDiagram('f = sin(t1)^2 + sin(t1)'))).toBe('let t2 = sin(t1)\nf = t2^2 + t2')
    const shared = diagramToFormula(formulaToDiagram('f = exp(x) + 1; g = exp(x) * 2'))
    expect(shared).toBe('let t1 = exp(x)\nf = t1 + 1\ng = t1 * 2')
    expect(evaluate(compile(formulaToDiagram(shared)), [0.3])).toEqual([Math.exp(0.3) + 1, Math.exp(0.3) * 2])
  })

  it('prints the parts of sincos and maxmin blocks as their one-output functions', () => {
    const sc = build({
      inputs: [['i1', 'x']], outputs: [['o1', 's'], ['o2', 'c']], blocks: [['b1', 'sincos']],
      wires: [['i1', 'b1.x'], ['b1.sin', 'o1'], ['b1.cos', 'o2']],
    })
    expect(diagramToFormula(sc)).toBe('s = sin(x)\nc = cos(x)')
    const mm = build({
      inputs: [['i1', 'x'], ['i2', 'y']], outputs: [['o1', 'hi'], ['o2', 'lo']], blocks: [['b1', 'maxmin']],
      wires: [['i1', 'b1.x'], ['i2', 'b1.y'], ['b1.max', 'o1'], ['b1.min', 'o2']],
    })
    expect(diagramToFormula(mm)).toBe('hi = max(x, y)\nlo = min(x, y)')
    const [s1, s2] = [compile(sc), compile(formulaToDiagram(diagramToFormula(sc)))]
    for (const x of [0, -0, 0.5, -2, 1e10, NaN]) expect(sameBits(evaluate(s1, [x]), evaluate(s2, [x]))).toBe(true)
    const [m1, m2] = [compile(mm), compile(formulaToDiagram(diagramToFormula(mm)))]
    for (const [x, y] of [[1, 2], [2, 1], [3, 3], [-0, 0], [0, -0], [NaN, 1]]) expect(sameBits(evaluate(m1, [x, y]), evaluate(m2, [x, y]))).toBe(true)
  })

  it('prints names that need quoting in backticks', () => {
    const text = '`total cost` = `flow rate` * `sin` + `let`'
    expect(diagramToFormula(formulaToDiagram(text))).toBe(text)
  })

  it('prints a diagram whose output is named like a constant so that it parses back', () => {
    const d = build({ inputs: [['i1', 'x']], outputs: [['o1', 'e'], ['o2', 'sin']], blocks: [['b1', 'exp']], wires: [['i1', 'b1.x'], ['b1.r', 'o1'], ['i1', 'o2']] })
    const printed = diagramToFormula(d)
    expect(printed).toBe('`e` = exp(x)\n`sin` = x')
    const back = formulaToDiagram(printed)
    expect(back.outputs.map((o) => o.name)).toEqual(['e', 'sin'])
    expect(evaluate(compile(back), [1])).toEqual([Math.exp(1), 1])
  })

  it('prints a negative constant so that it parses back as the same constant', () => {
    for (const [text, printed, value] of [
      ['x^-2.5', 'f = x^(-2.5)', -2.5],
      ['(-2.5)^x', 'f = (-2.5)^x', -2.5],
      ['x - -1e-300', 'f = x - -1e-300', -1e-300],
      ['x * -0', 'f = x * -0', -0],
    ] as const) {
      expect(diagramToFormula(formulaToDiagram(text))).toBe(printed)
      const back = formulaToDiagram(printed)
      expect(back.blocks.filter((b) => b.primitive === 'neg')).toEqual([])
      const constants = back.blocks.filter((b) => b.primitive === 'constant')
      expect(constants).toHaveLength(1)
      expect(Object.is(constants[0].params.value, value)).toBe(true)
    }
  })

  it('keeps what no output reads: an unused let, and an input nothing reads (found by fuzzing)', () => {
    // These inputs used to be left out, so the printed formula had fewer arguments than the diagram.
    const printed = diagramToFormula(formulaToDiagram('f = x; let t = sin(y) + sin(y); let u = z > 1'))
    expect(printed).toBe('f = x\nlet t1 = sin(y)\nlet t2 = t1 + t1\nlet t3 = z > 1')
    expect(formulaToDiagram(printed).inputs.map((t) => t.name)).toEqual(['x', 'y', 'z'])
    const idle = build({ inputs: [['i1', 'x'], ['i2', 'y']], outputs: [['o1', 'f']], wires: [['i1', 'o1']] })
    expect(diagramToFormula(idle)).toBe('f = x\nlet t1 = y')
    const back = formulaToDiagram(diagramToFormula(idle))
    expect(back.inputs.map((t) => t.name)).toEqual(['x', 'y'])
    expect(evaluate(compile(back), [3, 4])).toEqual([3])
  })

  it('refuses to print a broken diagram, saying why', () => {
    const d = build({ inputs: [['i1', 'x']], outputs: [['o1', 'f']], blocks: [['b1', 'sin']], wires: [['i1', 'b1.x']] })
    expect(() => diagramToFormula(d)).toThrow(new Error("a broken diagram has no formula: output 'f' is not wired"))
  })

  it('prints a chain of 10,000 blocks without a stack overflow', () => {
    const n = 10_000
    const d = emptyDiagram('chain')
    d.inputs.push({ id: 'i1', name: 'x', value: 0 })
    d.outputs.push({ id: 'o1', name: 'f' })
    for (let k = 1; k <= n; k++) {
      d.blocks.push({ id: `b${k}`, primitive: 'sin', params: {} })
      d.wires.push({ id: `w${k}`, from: k === 1 ? { node: 'i1', port: 'value' } : { node: `b${k - 1}`, port: 'r' }, to: { node: `b${k}`, port: 'x' } })
    }
    d.wires.push({ id: 'w0', from: { node: `b${n}`, port: 'r' }, to: { node: 'o1', port: 'value' } })
    const printed = diagramToFormula(d)
    expect(printed).toBe('f = ' + 'sin('.repeat(n) + 'x' + ')'.repeat(n))
    let expected = 2
    for (let k = 0; k < n; k++) expected = Math.sin(expected)
    expect(evaluate(compile(formulaToDiagram(printed)), [2])).toEqual([expected])
  })
})
