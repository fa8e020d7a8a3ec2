# Each stdin line: "o:LINE" logged, then LINE as one PROCESS_COMMUNICATION capture on stdout, with nothing after
# the END token (text held after it is lost at EOF by supervisord, logged by supernetd: a documented difference);
# and "e:LINE" on stderr.
while read -r l; do
  printf 'o:%s<!--XSUPERVISOR:BEGIN-->%s<!--XSUPERVISOR:END-->' "$l" "$l"
  printf 'e:%s\n' "$l" >&2
done
