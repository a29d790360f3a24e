# Ruby 3.1 reference values for tests/test_filters_ruby.py: TZ=UTC ruby tests/ruby_values.rb > tests/ruby_values.json
require "json"; require "time"; require "date"; require "bigdecimal"
floats = [0.1, 1.0, 1e15, 1e16, 1.5e15, 123456789012345.0, 1234567890123456.8, 0.0001, 0.00001, 1e20, 5e-324, -0.0, 1e-4, 2.5e-5, 100.0, 1.0/3, 2.0/3, 1e300, 123.456, -1.5e-7, 9007199254740993.0]
rounds = [["2.5",0],["-2.5",0],["2.675",2],["1.005",2],["0.5",0],["1.5",0],["-0.5",0],["2.345",2],["5.666",-1],["1234.5678",-2],["0.125",2],["1e-7",3]]
t = Time.new(2021, 3, 4, 5, 6, 7.123456r, "+05:30")
fmts = ["%Y-%m-%d %H:%M:%S", "%-d %e %j %-j", "%I %l %p %P %#p", "%^a %^B %#b", "%10A|%-10A|%_5m|%05d|%^10b|%3d", "%L %N %3N %6N %12N", "%z %:z %::z", "%s", "%U %W %V %G %g %u %w %C %y", "%c|%x|%X|%D|%F|%T|%R|%r|%v|%+", "%%|%n|%t|%k|%q|%Ez|%Oy", "%-m/%-d/%Y %-H:%M", "%010Y %_10Y %-Y", "%h %b %B %a %A"]
ts = ["2021-03-04", "March 5, 2021", "Mar 4 2021", "4/3/2021", "5 March 2021", "2021-03-04T05:06:07Z", "2021-03-04 05:06:07 +0200", "Thu, 04 Mar 2021 00:00:00 +0000", "2021/03/04", "20210304", "2021-03-04 10:00 PM", "Mar 2021", "1 Jan 99", "2021-03-04 05:06:07.5 -05:00", "2021-03-04 05:06:07 UTC", "2021-03-04 05:06:07 EST", "December 25th, 2020", "Sat, 1 Jan 2000 10:00:00 GMT", "2000-01-01T00:00:00+09:00"]
out = {
  "floats" => floats.map { |f| [f, f.to_s] },
  "rounds" => rounds.map { |s, n| r = BigDecimal(s).round(n); r = r.to_f if r.is_a?(BigDecimal); r = r.to_i if n == 0; [s, n, r.is_a?(Integer) ? r : r.to_s] },
  "strftime" => fmts.map { |f| [f, t.strftime(f)] },
  "date_strftime" => fmts.map { |f| [f, Date.new(2021, 3, 4).strftime(f)] },
  "parse" => ts.map { |s| x = Time.parse(s); [s, x.strftime("%Y-%m-%d %H:%M:%S.%6N %z"), x.utc? ? "UTC" : x.strftime("%Z")] },
  "inspect" => [["a\"b\\c\n\t\u00e9#{1}", "a\"b\\c\n\t\u00e9\#{x}".inspect]],
}
puts JSON.generate(out)
