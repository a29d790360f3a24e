# Dump Rouge 3.30's RegexLexer state tables as JSON (used by gen_rouge_lexers.py).
#
#   ruby dump_rouge_states.rb TAG...
#
# For every rule: the regex source and options; for rules made by the `rule re, Tok, :next` DSL
# the token's qualified name and next state; for rules with a Ruby block, the block's source
# (file:line and text) so the generator can translate simple blocks and flag the rest.
require "rouge"
require "json"
require "set"

# Zero-argument class methods that are not keyword lists (some, like `start`, have side effects).
SKIP = %i[title desc tag aliases filenames mimetypes option_docs demo demo_file states
          state_definitions start start_procs all registry debug_enabled? detectable?
          enable_debug! disable_debug!].freeze

# Zero-argument class methods returning lists of strings (keyword tables such as SQL.keywords).
def consts(cls)
  out = {}
  cls.singleton_methods.each do |meth|
    next if SKIP.include?(meth) || cls.method(meth).arity != 0
    v = begin
      cls.send(meth)
    rescue StandardError
      next
    end
    v = v.to_a if v.is_a?(Set)
    out[meth.to_s] = v if v.is_a?(Array) && v.all? { |x| x.is_a?(String) }
    next unless v.is_a?(Hash)
    # keyword tables by kind (viml.rb `keywords[:command]`): "keywords[command]"
    v.each do |key, list|
      list = string_list(list)
      out["#{meth}[#{key}]"] = list if list && (key.is_a?(Symbol) || key.is_a?(String))
    end
  end
  out
end

# A block's file as "file.rb" or "sub/file.rb", relative to rouge/lexers (or rouge/).
def ref_path(file)
  file.sub(%r{\A.*/rouge/(lexers/)?}, "")
end

def string_list(v)
  v = v.to_a if v.is_a?(Set)
  v if v.is_a?(Array) && !v.empty? && v.all? { |x| x.is_a?(String) }
end

# Keyword lists a block can see: class constants and the class body's local variables.
def visible_lists(cls, rules)
  out = {}
  cls.constants.each do |c|
    v = string_list(cls.const_get(c)) rescue nil
    out[c.to_s] = v if v
  end
  rules.each do |r|
    next if r.is_a?(Rouge::RegexLexer::State)
    b = r.callback.binding
    b.local_variables.each do |lv|
      v = string_list(b.local_variable_get(lv))
      out[lv.to_s] = v if v
    end
  end
  out
end

def block_source(file, line)
  lines = File.readlines(file)
  first = lines[line - 1]
  indent = first[/\A */].size
  body = [first]
  i = line
  # a multi-line regex: the header ends on the line with `do`
  while first !~ /\bdo\b|\{/ && i < lines.size && lines[i - 1] !~ /\bdo\b(\s*\|\w+\|)?\s*$/
    body << lines[i]
    i += 1
  end
  if first =~ /->\s*\(\w+\)\s*\{\s*$/  # a multi-line lambda
    i = line
    while i < lines.size
      body << lines[i]
      break if lines[i] =~ /\A {#{indent}}\}/
      i += 1
    end
  elsif body.last =~ /\bdo\b(\s*\|\w+\|)?\s*$/ || (first =~ /\bdo\b/ && first !~ /\bend\s*$/)
    while i < lines.size
      body << lines[i]
      break if lines[i] =~ /\A {#{indent}}end\b/
      i += 1
    end
  end
  body.join
end

def dump_rule(r)
  return {"mixin" => r.name.to_s} if r.is_a?(Rouge::RegexLexer::State)
  h = {"re" => r.re.source, "opts" => r.re.options}
  file, line = r.callback.source_location
  if file.end_with?("regex_lexer.rb")
    b = r.callback.binding
    h["tok"] = b.local_variable_get(:tok).qualname
    ns = b.local_variable_get(:next_state)
    h["next"] = ns.to_s if ns
  else
    h["src"] = "#{ref_path(file)}:#{line}"
    h["code"] = block_source(file, line)
    # token classes the block closes over (graphql.rb's `pop_unless_list[Str]` lambdas)
    b = r.callback.binding
    toks = b.local_variables.map { |lv| [lv.to_s, b.local_variable_get(lv)] }
                            .select { |_, v| v.is_a?(Class) && v < Rouge::Token }
    h["tokvars"] = toks.to_h { |k, v| [k, v.qualname] } unless toks.empty?
  end
  h
end

# Lists that blocks get from instance methods (`self.builtins.include? name` in php.rb) or from
# other lexer classes (`CSS.attributes.include? m[0]` in sass/common.rb, key "CSS.attributes").
def instance_lists(cls, sources)
  names = sources.flat_map { |src| src.scan(/self\.(\w+)\.include\?/) }.flatten.uniq
  inst = cls.new({})
  out = {}
  sources.flat_map { |src| src.scan(/\b([A-Z]\w*)\.(\w+)\.include\?/) }.uniq.each do |klass, meth|
    k = Rouge::Lexers.const_get(klass) rescue next
    v = string_list(k.send(meth)) rescue nil
    out["#{klass}.#{meth}"] = v if v
  end
  names.each do |name|
    next unless inst.respond_to?(name, true) && inst.method(name).arity == 0
    v = string_list(inst.send(name)) rescue nil
    out[name] = v if v
  end
  out
end

# Sub-lexers a lexer delegates to (`delegate parent`, `@shell.reset!`): name -> lexer tag, found
# by instantiating the lexer and asking it.
def sub_lexers(cls, sources)
  names = sources.flat_map { |src| src.scan(/delegate\s*\(?\s*(@?[a-z_]\w*)/) + src.scan(/(@?[a-z_]\w*)\.reset!/) }.flatten.uniq
  inst = cls.new({})
  begin
    inst.reset!
  rescue StandardError => e
    warn "#{cls.tag}: reset! failed: #{e.class}: #{e.message}"
  end
  out = {}
  names.each do |name|
    v = begin
      name.start_with?("@") ? inst.instance_variable_get(name) : (inst.respond_to?(name, true) && inst.method(name).arity == 0 ? inst.send(name) : nil)
    rescue StandardError
      nil
    end
    out[name] = v.class.tag if v.is_a?(Rouge::Lexer) && v.class.tag
  end
  out
end

out = {"tokens" => {}, "lexers" => {}, "classes" => {}}
Rouge::Lexers.constants.each do |c|
  k = Rouge::Lexers.const_get(c)
  out["classes"][c.to_s] = k.tag if k.is_a?(Class) && k < Rouge::Lexer && k.tag
end
Rouge::Token.each_token { |t| out["tokens"][t.qualname] = t.shortname.to_s }
ARGV.each do |tag|
  cls = Rouge::Lexer.find(tag)
  next unless cls < Rouge::RegexLexer
  states = {}
  begin
    cls.state_definitions.keys.each do |name|
      states[name.to_s] = cls.get_state(name).rules.map { |r| dump_rule(r) }
    end
  rescue StandardError, ScriptError => e  # a lexer Rouge itself cannot load (e.g. ceylon)
    warn "#{tag}: #{e.class}"
    next
  end
  all_rules = cls.state_definitions.keys.flat_map { |name| cls.get_state(name).rules }
  starts = cls.start_procs.to_a.compact
  start_code = starts.map { |p| block_source(*p.source_location) }
  sources = start_code + states.values.flatten.map { |r| r["code"] }.compact
  lists = consts(cls).merge(visible_lists(cls, all_rules)).merge(instance_lists(cls, sources))
  out["lexers"][tag] = {
    "consts" => lists, "states" => states,
    "start" => starts.map { |p| "#{ref_path(p.source_location[0])}:#{p.source_location[1]}" },
    "start_code" => start_code, "subs" => sub_lexers(cls, sources),
  }
end
puts JSON.generate(out)
