; 41 nested calls on a right-hand side overwrite a 120-byte stack buffer in
; CLIPS's pretty-printer, which then loops for ever while loading.
; expect-exit: 3
; expect-message: nested-rhs.clp:7: parentheses nested deeper than 32 levels
(defrule deep
   (deal)
   => (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then (if TRUE then 1))))))))))))))))))))))))))))))))))))))))))
